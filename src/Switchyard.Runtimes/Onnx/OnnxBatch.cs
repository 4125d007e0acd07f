using System.Buffers;
using Microsoft.ML.OnnxRuntime;
using Switchyard.Core.Runtimes;

namespace Switchyard.Runtimes.Onnx;

/// <summary>
/// One model run shared by several queries: their inputs stacked along the first (batch)
/// dimension, run once, and each query's rows of every output cut back out for its own answer. A
/// run the model refuses, or outputs that do not keep one row per input row, make every query run
/// alone instead, so each gets exactly the answer or error it would have had unbatched.
/// </summary>
internal sealed class OnnxBatch
{
    private readonly List<Member> _members = [];
    private readonly TaskCompletionSource _ran = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private IDisposableReadOnlyCollection<OrtValue>? _outputs;
    private int _unanswered;

    /// <summary>Rows of every query in the batch.</summary>
    public int Rows { get; private set; }

    public int Count => _members.Count;

    /// <summary>Completes when the run is over (its outputs ready, or every query told to run alone).</summary>
    public Task Ran => _ran.Task;

    /// <summary>The rows of a query (the first dimension its inputs share); false when its inputs disagree on it, so it cannot be stacked.</summary>
    public static bool TryCountRows(OnnxBoundInputs inputs, out int rows)
    {
        rows = 0;
        if (inputs.Values.Length == 0 || inputs.ShapeOf(0) is not { Length: > 0 } first)
        {
            return false;
        }

        for (var i = 1; i < inputs.Values.Length; i++)
        {
            if (inputs.ShapeOf(i) is not { Length: > 0 } shape || shape[0] != first[0])
            {
                return false;
            }
        }

        rows = (int)first[0];
        return rows > 0;
    }

    /// <summary>True when the query's rows fit beside the others and its inputs have the same shape past the batch dimension.</summary>
    public bool Accepts(OnnxBoundInputs inputs, int rows, int maxRows)
    {
        if (_members.Count == 0)
        {
            return true;
        }

        if (Rows + rows > maxRows)
        {
            return false;
        }

        var first = _members[0].Inputs;
        for (var i = 0; i < first.Values.Length; i++)
        {
            if (!first.ShapeOf(i).AsSpan(1).SequenceEqual(inputs.ShapeOf(i).AsSpan(1)))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>Adds a query; answers its place in the batch.</summary>
    public int Add(OnnxBoundInputs inputs, int rows)
    {
        _members.Add(new Member(inputs, Rows, rows));
        Rows += rows;
        _unanswered++;
        return _members.Count - 1;
    }

    /// <summary>Runs the batch once (every query joined before); a run that fails in any way leaves the outputs unset, so each query runs alone.</summary>
    public void Run(OnnxLoadedModel model)
    {
        try
        {
            _outputs = _members.Count == 1 ? model.TryRun(_members[0].Inputs.Values) : RunStacked(model);
            if (_outputs is not null && !KeepsRows(_outputs))
            {
                _outputs.Dispose();
                _outputs = null;
            }
        }
        catch (Exception)
        {
            // Each query meets the failure again on its own run, and answers it as it would unbatched.
            _outputs = null;
        }
        finally
        {
            _ran.SetResult();
        }
    }

    /// <summary>Writes the answer of the query at <paramref name="index"/> once the batch has run; the last query to answer frees the outputs.</summary>
    public ScoreResult Answer(OnnxLoadedModel model, int index, IBufferWriter<byte> answer)
    {
        var member = _members[index];
        try
        {
            if (_outputs is null)
            {
                return model.Run(member.Inputs, answer);
            }

            if (_members.Count == 1)
            {
                return model.Write(_outputs, member.Inputs.RecordsAnswer, answer);
            }

            using var slice = Slice(_outputs, member);
            return model.Write(slice.Values, member.Inputs.RecordsAnswer, answer);
        }
        finally
        {
            if (Interlocked.Decrement(ref _unanswered) == 0)
            {
                _outputs?.Dispose();
            }
        }
    }

    private IDisposableReadOnlyCollection<OrtValue>? RunStacked(OnnxLoadedModel model)
    {
        var first = _members[0].Inputs;
        using var stacked = new OnnxBoundInputs(first.Values.Length, first.RecordsAnswer);
        for (var i = 0; i < first.Values.Length; i++)
        {
            var shape = (long[])first.ShapeOf(i).Clone();
            shape[0] = Rows;
            var buffer = new OnnxTensorBuffer(first.Values[i].GetTensorTypeAndShape().ElementDataType, checked((int)Elements(shape)));
            var target = buffer.Bytes;
            foreach (var member in _members)
            {
                var source = member.Inputs.Values[i].GetTensorMutableRawData();
                source.CopyTo(target);
                target = target[source.Length..];
            }

            stacked.Set(i, buffer, shape);
        }

        return model.TryRun(stacked.Values);
    }

    /// <summary>True when every output has one row per input row, so each query's rows can be cut out.</summary>
    private bool KeepsRows(IDisposableReadOnlyCollection<OrtValue> outputs)
    {
        foreach (var output in outputs)
        {
            var shape = output.GetTensorTypeAndShape().Shape;
            if (shape.Length == 0 || shape[0] != Rows)
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>The member's rows of every output, copied into tensors of their own (the answer writer reads whole tensors).</summary>
    private static OnnxBoundInputs Slice(IDisposableReadOnlyCollection<OrtValue> outputs, Member member)
    {
        var slice = new OnnxBoundInputs(outputs.Count, member.Inputs.RecordsAnswer);
        try
        {
            for (var o = 0; o < outputs.Count; o++)
            {
                var info = outputs[o].GetTensorTypeAndShape();
                var shape = info.Shape;
                var rowElements = info.ElementCount / shape[0];
                var raw = outputs[o].GetTensorMutableRawData();
                var rowBytes = raw.Length / (int)shape[0];
                var buffer = new OnnxTensorBuffer(info.ElementDataType, checked((int)(rowElements * member.Rows)));
                slice.Track(o, buffer);
                raw.Slice(member.Offset * rowBytes, member.Rows * rowBytes).CopyTo(buffer.Bytes);
                shape[0] = member.Rows;
                slice.Set(o, buffer, shape);
            }

            return slice;
        }
        catch
        {
            slice.Dispose();
            throw;
        }
    }

    private static long Elements(long[] shape)
    {
        var count = 1L;
        foreach (var d in shape)
        {
            count *= d;
        }

        return count;
    }

    private readonly record struct Member(OnnxBoundInputs Inputs, int Offset, int Rows);
}
