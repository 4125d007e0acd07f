using System.Buffers;
using System.Text.Json;
using Microsoft.ML.OnnxRuntime;
using Switchyard.Core.Endpoints;
using Switchyard.Core.Errors;
using Switchyard.Core.Runtimes;
using Switchyard.Runtimes.Scoring;

namespace Switchyard.Runtimes.Onnx;

/// <summary>
/// One loaded ONNX model version: a single InferenceSession shared by all requests (ORT's Run is
/// thread-safe), with its input plan, name arrays and RunOptions built once.
/// </summary>
public sealed class OnnxLoadedModel : ILoadedModel, IReportsMetrics
{
    private const int WarmUpRuns = 3;

    private readonly SessionOptions _options;
    private readonly InferenceSession _session;
    private readonly RunOptions _runOptions = new();
    private readonly OnnxInputBinder _binder;
    private readonly OnnxTensorBodyReader? _tensorReader;
    private readonly OnnxSplitBodyReader? _splitReader;

    // The signature's column names and the graph's input names, so a request naming them
    // allocates no string per column.
    private readonly ScoringNames _names;
    private readonly string[] _inputNames;
    private readonly string[] _outputNames;

    // Output names as JSON property names, encoded once rather than on every answer.
    private readonly JsonEncodedText[] _encodedOutputNames;

    // Set when the entity batches queries (dynamic_batching); null scores each query on its own run.
    private OnnxBatcher? _batcher;

    private OnnxLoadedModel(SessionOptions options, InferenceSession session, OnnxInputSpec[] inputs, ModelSignature signature)
    {
        _options = options;
        _session = session;
        Signature = signature;
        Inputs = inputs;
        _inputNames = Array.ConvertAll(inputs, static i => i.Name);
        _outputNames = [.. session.OutputNames];
        _encodedOutputNames = Array.ConvertAll(_outputNames, static n => JsonEncodedText.Encode(n));
        _binder = OnnxInputBinder.Create(inputs, signature);
        _tensorReader = OnnxTensorBodyReader.For(inputs, signature);
        _splitReader = OnnxSplitBodyReader.For(inputs, signature);
        _names = new ScoringNames(signature.Inputs.Select(static f => f.Name).OfType<string>().Concat(_inputNames).Distinct(StringComparer.Ordinal));
    }

    public ModelSignature Signature { get; }

    internal OnnxInputSpec[] Inputs { get; }

    /// <summary>
    /// Opens the session for a checked artifact and warms it up; with <paramref name="batching"/>, queries
    /// share runs, at most <paramref name="runs"/> at a time (<paramref name="fullRuns"/> while batches
    /// fill up). Throws INVALID_PARAMETER_VALUE if ORT cannot load it, or if batching is asked of a
    /// graph whose inputs and outputs cannot be stacked.
    /// </summary>
    public static OnnxLoadedModel Load(OnnxArtifact artifact, DynamicBatching? batching = null, int runs = 1, int fullRuns = 1)
    {
        var options = OnnxSessionOptions.Create();
        InferenceSession? session = null;
        try
        {
            session = new InferenceSession(artifact.ModelPath, options);
            var inputs = ReadInputs(session);
            var model = new OnnxLoadedModel(options, session, inputs, artifact.Signature);
            if (batching is not null)
            {
                CheckBatchable(session);
                model._batcher = new OnnxBatcher(model, batching, runs, Math.Max(runs, fullRuns));
            }

            model.WarmUp();
            return model;
        }
        catch (OnnxRuntimeException e)
        {
            session?.Dispose();
            options.Dispose();
            throw ServingException.Invalid($"ONNX Runtime cannot load the model: {e.Message}");
        }
        catch
        {
            session?.Dispose();
            options.Dispose();
            throw;
        }
    }

    public ScoreResult Score(ReadOnlyMemory<byte> requestJson, IBufferWriter<byte> answer)
    {
        using var inputs = Bind(requestJson, out var refusal);
        return inputs is null ? refusal : Run(inputs, answer);
    }

    public async ValueTask<ScoreResult> ScoreAsync(ReadOnlyMemory<byte> requestJson, IBufferWriter<byte> answer)
    {
        if (_batcher is null)
        {
            return Score(requestJson, answer);
        }

        using var inputs = Bind(requestJson, out var refusal);
        return inputs is null ? refusal : await _batcher.ScoreAsync(inputs, answer);
    }

    /// <summary>The query's input tensors, or null and why the query is bad input.</summary>
    private OnnxBoundInputs? Bind(ReadOnlyMemory<byte> requestJson, out ScoreResult refusal)
    {
        refusal = ScoreResult.Ok;
        try
        {
            // At most one reader applies to a model (tensor or column signature).
            var fast = _tensorReader?.TryBind(requestJson.Span) ?? _splitReader?.TryBind(requestJson.Span);
            if (fast is not null)
            {
                return fast;
            }

            using var request = ScoringRequest.TryParse(requestJson, _names, out var error);
            var inputs = request is null ? null : _binder.Bind(request, out error);
            if (inputs is null)
            {
                refusal = ScoreResult.BadInput(error!);
            }

            return inputs;
        }
        catch (InvalidOperationException) when (ScoringText.DescribeMalformed(requestJson) is { } malformed)
        {
            // A string that is not text fails where it is first decoded, in any reader or binder.
            refusal = ScoreResult.BadInput(malformed);
            return null;
        }
    }

    /// <summary>Runs one query's inputs on their own and writes its answer.</summary>
    internal ScoreResult Run(OnnxBoundInputs inputs, IBufferWriter<byte> answer)
    {
        IDisposableReadOnlyCollection<OrtValue> outputs;
        try
        {
            outputs = _session.Run(_runOptions, _inputNames, inputs.Values, _outputNames);
        }
        catch (OnnxRuntimeException e)
        {
            // Inputs were checked against the graph already; what ORT still rejects is the data.
            return ScoreResult.BadInput($"the model rejected the input: {e.Message}");
        }

        using (outputs)
        {
            return Write(outputs, inputs.RecordsAnswer, answer);
        }
    }

    /// <summary>The outputs of one run of <paramref name="values"/>, or null when ORT refuses it.</summary>
    internal IDisposableReadOnlyCollection<OrtValue>? TryRun(OrtValue[] values)
    {
        try
        {
            return _session.Run(_runOptions, _inputNames, values, _outputNames);
        }
        catch (OnnxRuntimeException)
        {
            return null;
        }
    }

    /// <summary>Writes the answer of one query from its outputs.</summary>
    internal ScoreResult Write(IReadOnlyList<OrtValue> outputs, bool records, IBufferWriter<byte> answer)
    {
        var error = OnnxAnswerWriter.Write(answer, _outputNames, _encodedOutputNames, outputs, records);
        return error is null ? ScoreResult.Ok : ScoreResult.Failed(error);
    }

    /// <summary>Batching stacks rows along the first dimension: every input and output must leave it free, and every output must be a plain numeric tensor.</summary>
    private static void CheckBatchable(InferenceSession session)
    {
        foreach (var (kind, metadata) in session.InputMetadata.Select(static m => ("input", m)).Concat(session.OutputMetadata.Select(static m => ("output", m))))
        {
            var (name, value) = metadata;
            if (!value.IsTensor || value.Dimensions.Length == 0 || value.Dimensions[0] != -1)
            {
                throw ServingException.Invalid(
                    $"{DynamicBatching.Field} stacks queries along the first (batch) dimension, but the graph's {kind} '{name}' has shape "
                    + $"[{string.Join(", ", value.Dimensions)}] with no free first dimension; leave {DynamicBatching.Field} out for this model.");
            }

            if (!OnnxTensorBuffer.Supports(value.ElementDataType))
            {
                throw ServingException.Invalid(
                    $"{DynamicBatching.Field} cannot split the graph's {kind} '{name}' of element type {value.ElementDataType}; leave {DynamicBatching.Field} out for this model.");
            }
        }
    }

    /// <summary>The dynamic batcher's counters; nothing when the model does not batch.</summary>
    public void Report(ICollection<ServedMetric> metrics) => _batcher?.Report(metrics);

    public void Dispose()
    {
        _session.Dispose();
        _runOptions.Dispose();
        _options.Dispose();
    }

    private static OnnxInputSpec[] ReadInputs(InferenceSession session)
    {
        var inputs = new OnnxInputSpec[session.InputNames.Count];
        for (var i = 0; i < inputs.Length; i++)
        {
            var name = session.InputNames[i];
            var metadata = session.InputMetadata[name];
            if (!metadata.IsTensor)
            {
                throw ServingException.Invalid($"ONNX input '{name}' is a {metadata.OnnxValueType}, not a tensor");
            }

            inputs[i] = new OnnxInputSpec(name, metadata.ElementDataType, Array.ConvertAll(metadata.Dimensions, static d => (long)d));
        }

        return inputs;
    }

    /// <summary>The first runs of a session are slow (allocation, kernel choice); pay that here, not on a request.</summary>
    private void WarmUp()
    {
        var buffers = new OnnxTensorBuffer[Inputs.Length];
        var values = new OrtValue[Inputs.Length];
        try
        {
            for (var i = 0; i < Inputs.Length; i++)
            {
                var shape = Array.ConvertAll(Inputs[i].Dims, static d => d < 0 ? 1L : d);
                var count = 1L;
                foreach (var d in shape)
                {
                    count *= d;
                }

                buffers[i] = new OnnxTensorBuffer(Inputs[i].ElementType, (int)count);
                buffers[i].Clear();
                values[i] = buffers[i].ToOrtValue(shape);
            }

            for (var run = 0; run < WarmUpRuns; run++)
            {
                using var outputs = _session.Run(_runOptions, _inputNames, values, _outputNames);
            }
        }
        finally
        {
            for (var i = 0; i < Inputs.Length; i++)
            {
                values[i]?.Dispose();
                buffers[i]?.Return();
            }
        }
    }
}
