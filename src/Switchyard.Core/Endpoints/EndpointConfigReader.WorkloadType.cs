using System.Text.Json.Nodes;

namespace Switchyard.Core.Endpoints;

/// <summary>
/// <c>workload_type</c>: this server runs every model on the host's CPU, so it takes the CPU types
/// and refuses the GPU ones, rather than accept them and silently run on CPU anyway.
/// </summary>
public sealed partial class EndpointConfigReader
{
    /// <summary>The CPU types of the hosted service; here all three run the same way, on this host's CPU.</summary>
    private static readonly string[] CpuWorkloadTypes = ["CPU", "CPU_MEDIUM", "CPU_LARGE"];

    private static void CheckWorkloadType(JsonObject declared, string path, List<string> errors)
    {
        var type = JsonFields.String(declared, "workload_type", path, errors);
        if (type is null || CpuWorkloadTypes.Contains(type, StringComparer.Ordinal))
        {
            return;
        }

        errors.Add(type.Contains("GPU", StringComparison.OrdinalIgnoreCase)
            ? $"{path}.workload_type '{type}' asks for GPU compute, but this server runs models on CPU only; use CPU or leave workload_type out."
            : $"{path}.workload_type '{type}' is not a workload type this server knows; it runs models on CPU only, so use CPU or leave workload_type out.");
    }
}
