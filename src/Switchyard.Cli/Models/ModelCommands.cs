using System.Net.Http.Headers;
using System.Text.Json.Nodes;
using Switchyard.Cli.Commands;
using Switchyard.Cli.Hosting;
using Switchyard.Cli.Http;
using Switchyard.Cli.Output;

namespace Switchyard.Cli.Models;

/// <summary>
/// <c>models …</c>: the Unity-Catalog-shaped registry (<c>catalog.schema.model</c>), its versions
/// and aliases. <c>register</c> uploads a local model, which the hosted service cannot do.
/// </summary>
internal static class ModelCommands
{
    private const string Group = "models";

    public static IEnumerable<CommandSpec> All =>
    [
        new(Group, "create", "CATALOG.SCHEMA.NAME", "Create a registered model.", 1, 1, ["comment"], CreateAsync),
        new(Group, "list", "", "List the registered models you may read.", 0, 0, ["catalog", "schema"], ListAsync),
        new(Group, "get", "CATALOG.SCHEMA.NAME", "Show a registered model and its aliases.", 1, 1, [], GetAsync),
        new(Group, "delete", "CATALOG.SCHEMA.NAME", "Delete a registered model and its versions.", 1, 1, [], DeleteAsync),
        new(Group, "list-versions", "CATALOG.SCHEMA.NAME", "List a model's versions.", 1, 1, [], ListVersionsAsync),
        new(Group, "register", "CATALOG.SCHEMA.NAME PATH", "Upload a new version from a local MLflow model folder or a .gguf file (creating the model when it is missing).",
            2, 2, ["comment"], RegisterAsync),
        new(Group, "set-alias", "CATALOG.SCHEMA.NAME ALIAS VERSION", "Point an alias at a version.", 3, 3, [], SetAliasAsync),
        new(Group, "get-alias", "CATALOG.SCHEMA.NAME ALIAS", "Show the version an alias points at.", 2, 2, [], GetAliasAsync),
        new(Group, "delete-alias", "CATALOG.SCHEMA.NAME ALIAS", "Remove an alias.", 2, 2, [], DeleteAliasAsync),
    ];

    private static async Task<int> CreateAsync(CommandContext context)
    {
        var body = ModelRegistration.CreateBody(context.Arguments[0], context.Line.Option("comment"));
        var answer = await context.Api.SendJsonAsync(HttpMethod.Post, ApiPaths.Models, body, context.Cancellation);
        context.Output.Write(answer.Body, output => ModelView.Model(output, answer.Json()));
        return ExitCodes.Ok;
    }

    private static async Task<int> ListAsync(CommandContext context)
    {
        var (raw, models) = await PagesAsync(context,
            ApiPaths.Query(ApiPaths.Models, ("catalog_name", context.Line.Option("catalog")), ("schema_name", context.Line.Option("schema"))),
            "registered_models");
        context.Output.Write(raw, output => ModelView.Models(output, models));
        return ExitCodes.Ok;
    }

    private static async Task<int> GetAsync(CommandContext context)
    {
        var answer = await context.Api.GetAsync(ApiPaths.Model(context.Arguments[0]), context.Cancellation);
        context.Output.Write(answer.Body, output => ModelView.Model(output, answer.Json()));
        return ExitCodes.Ok;
    }

    private static async Task<int> DeleteAsync(CommandContext context)
    {
        var answer = await context.Api.DeleteAsync(ApiPaths.Model(context.Arguments[0]), context.Cancellation);
        context.Output.Write(answer.Body, output => output.Line($"Deleted model {context.Arguments[0]}."));
        return ExitCodes.Ok;
    }

    private static async Task<int> ListVersionsAsync(CommandContext context)
    {
        var (raw, versions) = await PagesAsync(context, $"{ApiPaths.Model(context.Arguments[0])}/versions", "model_versions");
        context.Output.Write(raw, output => ModelView.Versions(output, versions));
        return ExitCodes.Ok;
    }

    private static async Task<int> RegisterAsync(CommandContext context)
    {
        var archive = await ModelArchive.PackAsync(context.Arguments[1], context.Cancellation);
        if (await ModelRegistration.EnsureModelAsync(context, context.Arguments[0]))
        {
            // In JSON mode stdout stays the version alone, so the note goes to stderr.
            var note = $"Created registered model {context.Arguments[0]}.";
            if (context.Output.Json)
            {
                context.Error.WriteLine(note);
            }
            else
            {
                context.Output.Line(note);
            }
        }

        var content = new ByteArrayContent(archive);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/gzip");
        var path = ApiPaths.Query($"{ApiPaths.Model(context.Arguments[0])}/versions", ("comment", context.Line.Option("comment")));
        var answer = await context.Api.SendAsync(HttpMethod.Post, path, content, context.Cancellation);
        context.Output.Write(answer.Body, output =>
        {
            var version = answer.Json();
            output.Line($"Registered {context.Arguments[0]} version {JsonText.Of(version["version"])} ({JsonText.Of(version["status"])}).");
        });
        return ExitCodes.Ok;
    }

    private static async Task<int> SetAliasAsync(CommandContext context)
    {
        if (!int.TryParse(context.Arguments[2], out var version) || version < 1)
        {
            throw CliException.Usage($"VERSION must be a version number, not '{context.Arguments[2]}'.");
        }

        var answer = await context.Api.SendJsonAsync(
            HttpMethod.Put, AliasPath(context), new JsonObject { ["version_num"] = version }, context.Cancellation);
        context.Output.Write(answer.Body, output => output.Line($"{context.Arguments[0]}@{context.Arguments[1]} -> version {version}."));
        return ExitCodes.Ok;
    }

    private static async Task<int> GetAliasAsync(CommandContext context)
    {
        var answer = await context.Api.GetAsync(AliasPath(context), context.Cancellation);
        context.Output.Write(answer.Body, output => ModelView.Versions(output, [answer.Json()]));
        return ExitCodes.Ok;
    }

    private static async Task<int> DeleteAliasAsync(CommandContext context)
    {
        var answer = await context.Api.DeleteAsync(AliasPath(context), context.Cancellation);
        context.Output.Write(answer.Body, output => output.Line($"Removed alias {context.Arguments[1]} of {context.Arguments[0]}."));
        return ExitCodes.Ok;
    }

    private static string AliasPath(CommandContext context) =>
        $"{ApiPaths.Model(context.Arguments[0])}/aliases/{ApiPaths.Segment(context.Arguments[1])}";

    /// <summary>
    /// Reads every page. One page is printed as the API sent it; several are joined into one
    /// object of the same shape, without the page token.
    /// </summary>
    private static async Task<(string Raw, List<JsonObject> Items)> PagesAsync(CommandContext context, string path, string field)
    {
        var items = new List<JsonObject>();
        string? raw = null;
        string? token = null;
        var pages = 0;
        do
        {
            var answer = await context.Api.GetAsync(ApiPaths.Query(path, ("page_token", token)), context.Cancellation);
            var page = answer.Json();
            raw ??= answer.Body;
            pages++;
            items.AddRange(JsonText.Objects(page[field]).Select(static i => (JsonObject)i.DeepClone()));
            token = JsonText.Of(page["next_page_token"]) is { Length: > 0 } next ? next : null;
        }
        while (token is not null);

        if (pages > 1)
        {
            raw = new JsonObject { [field] = new JsonArray([.. items.Select(static i => (JsonNode)i.DeepClone())]) }.ToJsonString();
        }

        return (raw, items);
    }
}
