using System.Buffers;

namespace Switchyard.Core.Runtimes;

/// <summary>
/// A loaded model version, safe to score from many threads at once. Disposing it frees its
/// native resources; callers dispose only after no request can still reach it.
/// </summary>
public interface ILoadedModel : IDisposable
{
    ModelSignature Signature { get; }

    /// <summary>
    /// Parses one request body of the MLflow scoring protocol, scores it, and writes the answer
    /// (<c>{"predictions": …}</c>) to <paramref name="answer"/>. Bad input is a value, not an
    /// exception: the result says what was wrong and nothing is written. The model may read
    /// <paramref name="requestJson"/> in place until the call returns (no copy of the body).
    /// </summary>
    ScoreResult Score(ReadOnlyMemory<byte> requestJson, IBufferWriter<byte> answer);
}
