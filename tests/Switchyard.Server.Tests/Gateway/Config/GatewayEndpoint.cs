using Microsoft.Extensions.DependencyInjection;
using Switchyard.Core.Gateway;
using Switchyard.Server.Serving;

namespace Switchyard.Server.Tests.Gateway.Config;

/// <summary>Create bodies over the mission's sample custom models, and what the server enforces for an endpoint.</summary>
internal static class GatewayEndpoint
{
    public const string Entities = """{"served_entities": [{"name": "a", "entity_name": "catalog.schema.model-A", "entity_version": "1", "workload_size": "Small"}]}""";

    /// <summary>A create body for a custom-model endpoint; <paramref name="extra"/> goes after its config (say, <c>, "ai_gateway": {…}</c>).</summary>
    public static string Create(string name, string extra = "") => $$"""{"name": "{{name}}", "config": {{Entities}}{{extra}}}""";

    /// <summary>The typed config the data plane acts on for the endpoint now.</summary>
    public static AiGatewayConfig Enforced(ServerUnderTest server, string name) =>
        server.Services.GetRequiredService<EndpointDirectory>().TryGetSnapshot(name)!.Gateway;

    public static string Path(string name, string route = "") => $"/api/2.0/serving-endpoints/{name}{route}";
}
