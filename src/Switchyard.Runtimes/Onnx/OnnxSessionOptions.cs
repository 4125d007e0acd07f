using Microsoft.ML.OnnxRuntime;

namespace Switchyard.Runtimes.Onnx;

/// <summary>
/// The settings of every session the server opens. Public so that the benchmark's raw ONNX
/// Runtime loop runs with exactly the same thread budget as the server.
/// </summary>
public static class OnnxSessionOptions
{
    public static SessionOptions Create()
    {
        // One thread per run: concurrent requests supply the parallelism, and spinning pool
        // threads would burn the cores Kestrel needs (see performance notes, ORT section).
        var options = new SessionOptions
        {
            IntraOpNumThreads = 1,
            InterOpNumThreads = 1,
            ExecutionMode = ExecutionMode.ORT_SEQUENTIAL,
            GraphOptimizationLevel = GraphOptimizationLevel.ORT_ENABLE_ALL,
        };
        options.AddSessionConfigEntry("session.intra_op.allow_spinning", "0");
        options.AddSessionConfigEntry("session.inter_op.allow_spinning", "0");
        return options;
    }
}
