using System.Buffers;

namespace Switchyard.Core.Runtimes;

/// <summary>
/// A loaded custom model version (MLflow scoring protocol), safe to score from many threads at once.
/// </summary>
public interface ILoadedModel : IServedModel
{
    ModelSignature Signature { get; }

    /// <summary>
    /// Parses one request body of the MLflow scoring protocol, scores it, and writes the answer
    /// (<c>{"predictions": …}</c>) to <paramref name="answer"/>. Bad input is a value, not an
    /// exception: the result says what was wrong and nothing is written. The model may read
    /// <paramref name="requestJson"/> in place until the call returns (no copy of the body).
    /// </summary>
    ScoreResult Score(ReadOnlyMemory<byte> requestJson, IBufferWriter<byte> answer);

    /// <summary>
    /// <see cref="Score"/>, for a model that may make the query wait for others to share its run
    /// (dynamic batching); the answer is the same as <see cref="Score"/> would write. The body must
    /// stay readable until the task completes.
    /// </summary>
    ValueTask<ScoreResult> ScoreAsync(ReadOnlyMemory<byte> requestJson, IBufferWriter<byte> answer) =>
        ValueTask.FromResult(Score(requestJson, answer));
}
