using System.Text.Json.Nodes;
using Switchyard.Core.Endpoints;
using Switchyard.Core.Registry;
using Switchyard.Runtimes.Gguf;
using Switchyard.Server.Http;
using Switchyard.Server.Registry;

namespace Switchyard.Server.Endpoints;

/// <summary>
/// <c>GET /api/2.0/serving-endpoints/get-model-optimization-info/{name}/{version}</c>: whether a
/// registered version can be served with provisioned throughput, its model type and the chunk its
/// band is measured in, the step of its <c>provisioned_model_units</c> (<c>model_unit_chunk_size</c>:
/// any whole number of units is accepted here), plus (our extensions) what one model unit is in
/// tokens per second and the completion tokens per second the engine measured for it on this host.
/// Reading it needs the same right as reading the version.
/// </summary>
internal static class OptimizationInfoRoute
{
    public const string Path = "/get-model-optimization-info/{modelName}/{version}";

    public static async Task<IResult> GetAsync(
        string modelName, string version, HttpContext context, IRegistryStore registry, ModelAccess access, ThroughputMeasurements measurements)
    {
        var name = ModelName.Parse(modelName);
        await access.RequireReadAsync(name, Caller.Of(context), context.RequestAborted);
        var number = RequestFields.ParseVersion(version);
        var found = await registry.GetVersionAsync(name, number, context.RequestAborted)
            ?? throw await ModelVersionRoutes.NotFoundAsync(registry, name, number, context.RequestAborted);
        if (found.Flavor != GgufArtifact.FlavorName)
        {
            return EndpointRoutes.Json(new JsonObject { ["optimizable"] = false });
        }

        var measured = await measurements.TokensPerSecondAsync(found, context.RequestAborted);
        return EndpointRoutes.Json(new JsonObject
        {
            ["optimizable"] = true,
            ["model_type"] = found.Details?.ModelType ?? found.Details?.Architecture ?? "llama",
            ["throughput_chunk_size"] = ThroughputChunks.ChunkSizeOf(found),
            ["model_unit_chunk_size"] = ModelUnits.UnitStep,
            ["tokens_per_second_per_model_unit"] = ModelUnits.TokensPerSecondPerUnit(found),
            ["measured_tokens_per_second"] = measured is { } value ? Math.Round(value, 1) : null,
        });
    }
}
