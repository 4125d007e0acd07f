using System.Text.Json.Nodes;
using Switchyard.Cli.Arguments;
using Switchyard.Cli.Commands;
using Switchyard.Cli.Hosting;
using Switchyard.Cli.Http;

namespace Switchyard.Cli.Endpoints;

/// <summary><c>serving-endpoints create|get|list|update-config|delete</c>, named as in the Databricks CLI.</summary>
internal static class EndpointCommands
{
    private const string Group = "serving-endpoints";

    public static IEnumerable<CommandSpec> All =>
    [
        new(Group, "create", "[NAME]", "Create an endpoint from --json (body or @file) or --entity/--route flags, and wait until it is ready.",
            0, 1, ["json", .. EndpointConfigFlags.Options, .. EndpointWaiter.Options], CreateAsync),
        new(Group, "get", "NAME", "Show an endpoint: state, served entities and their deployment, traffic.", 1, 1, [], GetAsync),
        new(Group, "list", "", "List the endpoints you may view.", 0, 0, [], ListAsync),
        new(Group, "update-config", "NAME", "Replace the config (--json with served_entities and traffic_config, or flags), and wait.",
            1, 1, ["json", .. EndpointConfigFlags.Options, .. EndpointWaiter.Options], UpdateConfigAsync),
        new(Group, "delete", "NAME", "Delete an endpoint.", 1, 1, [], DeleteAsync),
    ];

    private static async Task<int> CreateAsync(CommandContext context)
    {
        var body = context.Line.Option("json") is { } json ? JsonArgument.Read(json) : [];
        if (context.Argument(0) is { } name)
        {
            body["name"] = name;
        }

        if (EndpointConfigFlags.Present(context.Line))
        {
            body["config"] = EndpointConfigFlags.Build(context.Line);
        }

        var endpointName = JsonText(body["name"]) ?? throw CliException.Usage("The endpoint needs a name: give NAME or \"name\" in --json.");
        if (body["config"] is null)
        {
            throw CliException.Usage("The endpoint needs a config: give --json with \"config\", or --entity and --route.");
        }

        var answer = await context.Api.SendJsonAsync(HttpMethod.Post, ApiPaths.Endpoints, body, context.Cancellation);
        return await FinishAsync(context, endpointName, answer);
    }

    private static async Task<int> UpdateConfigAsync(CommandContext context)
    {
        var name = context.Arguments[0];
        JsonObject config;
        if (EndpointConfigFlags.Present(context.Line))
        {
            config = EndpointConfigFlags.Build(context.Line);
        }
        else
        {
            config = context.Line.Option("json") is { } json
                ? JsonArgument.Read(json)
                : throw CliException.Usage("Give the new config with --json (served_entities, traffic_config), or --entity and --route.");
        }

        var answer = await context.Api.SendJsonAsync(HttpMethod.Put, $"{ApiPaths.Endpoint(name)}/config", config, context.Cancellation);
        return await FinishAsync(context, name, answer);
    }

    /// <summary>Shows the answer at once with --no-wait, else the endpoint once the rollout is over.</summary>
    internal static async Task<int> FinishAsync(CommandContext context, string name, ApiAnswer answer)
    {
        if (!context.Line.Switch("no-wait"))
        {
            answer = await EndpointWaiter.WaitAsync(context, name);
        }

        context.Output.Write(answer.Body, output => EndpointView.Detailed(output, answer.Json()));
        return ExitCodes.Ok;
    }

    private static async Task<int> GetAsync(CommandContext context)
    {
        var answer = await context.Api.GetAsync(ApiPaths.Endpoint(context.Arguments[0]), context.Cancellation);
        context.Output.Write(answer.Body, output => EndpointView.Detailed(output, answer.Json()));
        return ExitCodes.Ok;
    }

    private static async Task<int> ListAsync(CommandContext context)
    {
        var answer = await context.Api.GetAsync(ApiPaths.Endpoints, context.Cancellation);
        context.Output.Write(answer.Body, output => EndpointView.List(output, answer.Json()));
        return ExitCodes.Ok;
    }

    private static async Task<int> DeleteAsync(CommandContext context)
    {
        var name = context.Arguments[0];
        var answer = await context.Api.DeleteAsync(ApiPaths.Endpoint(name), context.Cancellation);
        context.Output.Write(answer.Body, output => output.Line($"Deleted endpoint {name}."));
        return ExitCodes.Ok;
    }

    private static string? JsonText(JsonNode? node) => Output.JsonText.Of(node);
}
