using Microsoft.ML.OnnxRuntime;

namespace Switchyard.Bench.Raw;

/// <summary>
/// The session settings the server's ONNX runtime uses (intra_op=1, inter_op=1, sequential,
/// all graph optimisations, no spinning). Kept identical on purpose: the raw loop must have the
/// same thread budget, or the ratio compares thread settings instead of serving overhead.
/// </summary>
public static class ServerSessionOptions
{
    public static SessionOptions Create()
    {
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
