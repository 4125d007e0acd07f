using System.Text.Json.Nodes;
using Switchyard.Core.Endpoints;
using Switchyard.Core.Errors;
using Switchyard.Core.Gateway;
using Switchyard.Server.Drivers;

namespace Switchyard.Server.Gateway.Config;

/// <summary>
/// The gateway rules that depend on the endpoint as a whole, checked whenever either side
/// changes (the gateway, the legacy fields, or the config): tokens cannot be limited on entities
/// that count none; an enabled table keeps its names (<see cref="InferenceTableChange"/>); and one
/// endpoint writes one inference table, not both the gateway's and the legacy one.
/// </summary>
public sealed class AiGatewayEndpointRules(EntityDrivers drivers)
{
    private const string GatewayTable = "ai_gateway.inference_table_config";
    private const string LegacyTable = "config.auto_capture_config";

    /// <summary>A new endpoint's document, as it would be stored with its first config.</summary>
    /// <exception cref="ServingException">INVALID_PARAMETER_VALUE naming every field in error.</exception>
    public void CheckCreated(ServingEndpoint endpoint)
    {
        var problems = new List<string>();
        CheckTokens(endpoint, [endpoint.PendingConfig], problems);
        CheckOneTable(endpoint.Extras, endpoint.PendingConfig, problems);
        GatewayFields.ThrowIfAny(problems);
    }

    /// <summary>
    /// The document to store for a new <c>ai_gateway</c> <paramref name="body"/> on <paramref name="current"/>
    /// (an empty body removes it), with the table's names kept when it is switched off.
    /// </summary>
    /// <exception cref="ServingException">INVALID_PARAMETER_VALUE naming every field in error.</exception>
    public ServingEndpoint WithGateway(ServingEndpoint current, JsonObject body)
    {
        var problems = new List<string>();
        var extras = current.Extras.DeepClone().AsObject();
        extras.Remove("ai_gateway");
        if (body.Count > 0)
        {
            var gateway = body.DeepClone().AsObject();
            var table = InferenceTableChange.Apply(
                current.Extras["ai_gateway"]?["inference_table_config"], body["inference_table_config"], GatewayTable,
                enabledWhenAbsent: false, current.Name, problems);
            if (table is not null)
            {
                gateway["inference_table_config"] = table.DeepClone();
            }

            extras["ai_gateway"] = gateway;
        }

        var edited = current with { Extras = extras };
        var serving = ServingConfigs(current);
        CheckTokens(edited, serving, problems);
        foreach (var config in serving)
        {
            CheckOneTable(extras, config, problems);
        }

        GatewayFields.ThrowIfAny(problems);
        return edited;
    }

    /// <summary>
    /// <paramref name="pending"/>, a config validated for <paramref name="current"/>, with its legacy
    /// table's names kept when it is switched off.
    /// </summary>
    /// <exception cref="ServingException">INVALID_PARAMETER_VALUE naming every field in error.</exception>
    public EndpointConfig WithConfig(ServingEndpoint current, EndpointConfig pending)
    {
        var problems = new List<string>();
        var capture = InferenceTableChange.Apply(
            current.Config?.AutoCaptureConfig, pending.AutoCaptureConfig, LegacyTable, enabledWhenAbsent: true, current.Name, problems);
        var next = pending with { AutoCaptureConfig = capture?.AsObject() };
        CheckTokens(current, [next], problems);
        CheckOneTable(current.Extras, next, problems);
        GatewayFields.ThrowIfAny(problems);
        return next;
    }

    /// <summary>The configs whose entities answer queries now or soon: the serving one and the one rolling out.</summary>
    private static List<EndpointConfig?> ServingConfigs(ServingEndpoint endpoint) =>
        [endpoint.Config, endpoint.ConfigUpdate == ConfigUpdateState.InProgress ? endpoint.PendingConfig : null];

    /// <summary>Every rule that counts tokens is refused while some entity of <paramref name="configs"/> counts none.</summary>
    private void CheckTokens(ServingEndpoint endpoint, IEnumerable<EndpointConfig?> configs, List<string> problems)
    {
        var tokenless = configs.SelectMany(c => c?.ServedEntities ?? []).Select(drivers.For).FirstOrDefault(d => !d.CountsTokens);
        if (tokenless is null)
        {
            return;
        }

        var gateway = AiGatewayConfigReader.FromStored(endpoint);
        var why = $"endpoint {endpoint.Name} serves {tokenless.Description}, which count no tokens; limit calls instead.";
        foreach (var rule in gateway.RateLimits.Where(r => r.Tokens is not null))
        {
            problems.Add($"{rule.Field}.tokens: {why}");
        }

        foreach (var budget in gateway.Budgets)
        {
            problems.Add($"{budget.Field} is a token budget, but {why}");
        }
    }

    private static void CheckOneTable(JsonObject extras, EndpointConfig? config, List<string> problems)
    {
        var moot = new List<string>();
        var gateway = InferenceTableReader.ReadGatewayTable(extras["ai_gateway"]?["inference_table_config"], GatewayTable, "", moot);
        var legacy = InferenceTableReader.ReadAutoCapture(config?.AutoCaptureConfig, LegacyTable, "", moot);
        if (gateway is { Enabled: true } && legacy is { Enabled: true })
        {
            problems.Add($"{GatewayTable} and {LegacyTable} are both enabled; an endpoint writes one inference table: disable one of them.");
        }
    }
}
