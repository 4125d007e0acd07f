using System.Text.Json.Nodes;
using Switchyard.Cli.Arguments;
using Switchyard.Cli.Commands;
using Switchyard.Cli.Hosting;
using Switchyard.Cli.Http;
using Switchyard.Cli.Output;

namespace Switchyard.Cli.Endpoints;

/// <summary><c>serving-endpoints query|split|get-permissions|set-permissions|update-permissions|get-optimization-info</c>.</summary>
internal static class EndpointExtraCommands
{
    private const string Group = "serving-endpoints";

    public static IEnumerable<CommandSpec> All =>
    [
        new(Group, "query", "NAME", "Query an endpoint (or one served model with --served-model); the body is --json, or stdin without it.",
            1, 1, ["json", "served-model"], QueryAsync),
        new(Group, "split", "NAME SERVED=PERCENT...", "Change only the traffic split (for example current=50 challenger=50), and wait.",
            2, CommandSpec.Unbounded, EndpointWaiter.Options, SplitAsync),
        new(Group, "get-permissions", "NAME_OR_ID", "Show who may view, query or manage an endpoint.", 1, 1, [], GetPermissionsAsync),
        new(Group, "set-permissions", "NAME_OR_ID", "Replace the endpoint's grants with --json {\"access_control_list\": [...]}.",
            1, 1, ["json"], (context) => ChangePermissionsAsync(context, HttpMethod.Put)),
        new(Group, "update-permissions", "NAME_OR_ID", "Add grants from --json {\"access_control_list\": [...]}, keeping the others.",
            1, 1, ["json"], (context) => ChangePermissionsAsync(context, HttpMethod.Patch)),
        new(Group, "get-optimization-info", "MODEL VERSION", "Show whether a registered model version can be served with provisioned throughput.",
            2, 2, [], OptimizationInfoAsync),
    ];

    private static async Task<int> QueryAsync(CommandContext context)
    {
        JsonObject body;
        if (context.Line.Option("json") is { } json)
        {
            body = JsonArgument.Read(json);
        }
        else
        {
            body = JsonArgument.Read(await context.Environment.In.ReadToEndAsync(context.Cancellation), "json (from stdin)");
        }

        var answer = await context.Api.SendJsonAsync(
            HttpMethod.Post, ApiPaths.Invocations(context.Arguments[0], context.Line.Option("served-model")), body, context.Cancellation);
        if (context.Output.Json)
        {
            // stdout stays the model's answer exactly; which entity answered is a note beside it.
            context.Error.WriteLine($"served-model-name: {answer.ServedModelName}");
        }

        context.Output.Write(answer.Body, output =>
        {
            output.Line($"served-model-name: {answer.ServedModelName}");
            output.Pretty(answer.Json());
        });
        return ExitCodes.Ok;
    }

    private static async Task<int> SplitAsync(CommandContext context)
    {
        var name = context.Arguments[0];
        var routes = EndpointSplit.Routes(context.Arguments.Skip(1));
        var endpoint = (await context.Api.GetAsync(ApiPaths.Endpoint(name), context.Cancellation)).Json();
        var config = EndpointSplit.Build(endpoint, routes);
        var answer = await context.Api.SendJsonAsync(HttpMethod.Put, $"{ApiPaths.Endpoint(name)}/config", config, context.Cancellation);
        return await EndpointCommands.FinishAsync(context, name, answer);
    }

    private static async Task<int> GetPermissionsAsync(CommandContext context)
    {
        var id = await EndpointIdAsync(context, context.Arguments[0]);
        var answer = await context.Api.GetAsync(ApiPaths.EndpointPermissions(id), context.Cancellation);
        context.Output.Write(answer.Body, output => Permissions(output, answer.Json()));
        return ExitCodes.Ok;
    }

    private static async Task<int> ChangePermissionsAsync(CommandContext context, HttpMethod method)
    {
        var body = context.Line.Option("json") is { } json
            ? JsonArgument.Read(json)
            : throw CliException.Usage("Give the grants with --json '{\"access_control_list\": [{\"user_name\": …, \"permission_level\": \"CAN_QUERY\"}]}'.");
        var id = await EndpointIdAsync(context, context.Arguments[0]);
        var answer = await context.Api.SendJsonAsync(method, ApiPaths.EndpointPermissions(id), body, context.Cancellation);
        context.Output.Write(answer.Body, output => Permissions(output, answer.Json()));
        return ExitCodes.Ok;
    }

    private static async Task<int> OptimizationInfoAsync(CommandContext context)
    {
        var answer = await context.Api.GetAsync(ApiPaths.OptimizationInfo(context.Arguments[0], context.Arguments[1]), context.Cancellation);
        context.Output.Write(answer.Body, output =>
        {
            var info = answer.Json();
            output.Fields(
                ("optimizable", JsonText.Of(info["optimizable"])),
                ("model_type", JsonText.Of(info["model_type"])),
                ("throughput_chunk_size", JsonText.Of(info["throughput_chunk_size"])),
                ("measured_tokens_per_second", JsonText.Of(info["measured_tokens_per_second"])));
        });
        return ExitCodes.Ok;
    }

    /// <summary>
    /// The permissions API takes the endpoint's id, which people rarely know; a name is looked up
    /// first, and what is not an endpoint name is taken as an id.
    /// </summary>
    private static async Task<string> EndpointIdAsync(CommandContext context, string nameOrId)
    {
        try
        {
            var endpoint = (await context.Api.GetAsync(ApiPaths.Endpoint(nameOrId), context.Cancellation)).Json();
            return JsonText.Of(endpoint["id"]) ?? nameOrId;
        }
        catch (CliException failure) when (failure.ExitCode == ExitCodes.NotFound)
        {
            return nameOrId;
        }
    }

    private static void Permissions(OutputWriter output, JsonObject answer)
    {
        var rows = JsonText.Objects(answer["access_control_list"])
            .Select(static entry => (IReadOnlyList<string?>)
            [
                JsonText.Of(entry["user_name"] ?? entry["group_name"] ?? entry["service_principal_name"]),
                entry["group_name"] is not null ? "group" : entry["service_principal_name"] is not null ? "service principal" : "user",
                string.Join(",", JsonText.Objects(entry["all_permissions"]).Select(static p =>
                    JsonText.Of(p["permission_level"]) + (p["inherited"]?.GetValue<bool>() == true ? " (inherited)" : ""))),
            ])
            .ToList();
        output.Table(["PRINCIPAL", "KIND", "PERMISSIONS"], rows);
    }
}
