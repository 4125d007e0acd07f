using System.Text.Json.Nodes;
using Switchyard.Cli.Commands;
using Switchyard.Cli.Hosting;
using Switchyard.Cli.Http;
using Switchyard.Cli.Output;

namespace Switchyard.Cli.Secrets;

/// <summary>
/// <c>secrets …</c>: scopes and the secrets in them. A value is read from stdin only, never from
/// an argument, so it does not end up in shell history or in the process list.
/// </summary>
internal static class SecretCommands
{
    private const string Group = "secrets";

    public static IEnumerable<CommandSpec> All =>
    [
        new(Group, "create-scope", "SCOPE", "Create a secret scope.", 1, 1, ["initial-manage-principal"], CreateScopeAsync),
        new(Group, "list-scopes", "", "List the scopes you may see.", 0, 0, [], ListScopesAsync),
        new(Group, "delete-scope", "SCOPE", "Delete a scope and every secret in it.", 1, 1, [], DeleteScopeAsync),
        new(Group, "put-secret", "SCOPE KEY", "Store a secret; the value is read from stdin (one trailing newline is dropped).",
            2, 2, [], PutSecretAsync),
        new(Group, "list-secrets", "SCOPE", "List the keys of a scope (never the values).", 1, 1, [], ListSecretsAsync),
        new(Group, "delete-secret", "SCOPE KEY", "Delete a secret.", 2, 2, [], DeleteSecretAsync),
    ];

    private static async Task<int> CreateScopeAsync(CommandContext context)
    {
        var body = new JsonObject { ["scope"] = context.Arguments[0] };
        if (context.Line.Option("initial-manage-principal") is { } principal)
        {
            body["initial_manage_principal"] = principal;
        }

        var answer = await context.Api.SendJsonAsync(HttpMethod.Post, $"{ApiPaths.Secrets}/scopes/create", body, context.Cancellation);
        context.Output.Write(answer.Body, output => output.Line($"Created scope {context.Arguments[0]}."));
        return ExitCodes.Ok;
    }

    private static async Task<int> ListScopesAsync(CommandContext context)
    {
        var answer = await context.Api.GetAsync($"{ApiPaths.Secrets}/scopes/list", context.Cancellation);
        context.Output.Write(answer.Body, output => output.Table(
            ["SCOPE", "BACKEND"],
            JsonText.Objects(answer.Json()["scopes"]).Select(static s => (IReadOnlyList<string?>)[JsonText.Of(s["name"]), JsonText.Of(s["backend_type"])]).ToList()));
        return ExitCodes.Ok;
    }

    private static async Task<int> DeleteScopeAsync(CommandContext context)
    {
        var answer = await context.Api.SendJsonAsync(
            HttpMethod.Post, $"{ApiPaths.Secrets}/scopes/delete", new JsonObject { ["scope"] = context.Arguments[0] }, context.Cancellation);
        context.Output.Write(answer.Body, output => output.Line($"Deleted scope {context.Arguments[0]}."));
        return ExitCodes.Ok;
    }

    private static async Task<int> PutSecretAsync(CommandContext context)
    {
        var value = await context.Environment.In.ReadToEndAsync(context.Cancellation);

        // `echo value |` and a typed line end with a newline that is not part of the secret.
        if (value.EndsWith("\r\n", StringComparison.Ordinal))
        {
            value = value[..^2];
        }
        else if (value.EndsWith('\n'))
        {
            value = value[..^1];
        }

        if (value.Length == 0)
        {
            throw CliException.Usage("No value on stdin; pipe it in, for example: switchyard secrets put-secret SCOPE KEY < value.txt");
        }

        var body = new JsonObject { ["scope"] = context.Arguments[0], ["key"] = context.Arguments[1], ["string_value"] = value };
        var answer = await context.Api.SendJsonAsync(HttpMethod.Post, $"{ApiPaths.Secrets}/put", body, context.Cancellation);
        context.Output.Write(answer.Body, output => output.Line($"Stored secret {context.Arguments[1]} in scope {context.Arguments[0]}."));
        return ExitCodes.Ok;
    }

    private static async Task<int> ListSecretsAsync(CommandContext context)
    {
        var answer = await context.Api.GetAsync(ApiPaths.Query($"{ApiPaths.Secrets}/list", ("scope", context.Arguments[0])), context.Cancellation);
        context.Output.Write(answer.Body, output => output.Table(
            ["KEY", "LAST_UPDATED"],
            JsonText.Objects(answer.Json()["secrets"]).Select(static s => (IReadOnlyList<string?>)[JsonText.Of(s["key"]), JsonText.Time(s["last_updated_timestamp"])]).ToList()));
        return ExitCodes.Ok;
    }

    private static async Task<int> DeleteSecretAsync(CommandContext context)
    {
        var body = new JsonObject { ["scope"] = context.Arguments[0], ["key"] = context.Arguments[1] };
        var answer = await context.Api.SendJsonAsync(HttpMethod.Post, $"{ApiPaths.Secrets}/delete", body, context.Cancellation);
        context.Output.Write(answer.Body, output => output.Line($"Deleted secret {context.Arguments[1]} from scope {context.Arguments[0]}."));
        return ExitCodes.Ok;
    }
}
