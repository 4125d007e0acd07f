using System.Globalization;
using System.Text.Json.Nodes;
using Switchyard.Cli.Commands;
using Switchyard.Cli.Hosting;
using Switchyard.Cli.Http;
using Switchyard.Cli.Output;

namespace Switchyard.Cli.Tokens;

/// <summary>
/// <c>tokens …</c>: the caller's own personal access tokens. A new token's value is printed once,
/// because it is what was asked for; the token the CLI connects with is never printed.
/// </summary>
internal static class TokenCommands
{
    private const string Group = "tokens";

    public static IEnumerable<CommandSpec> All =>
    [
        new(Group, "create", "", "Create a token for yourself and print its value (shown only this once).",
            0, 0, ["comment", "lifetime-seconds"], CreateAsync),
        new(Group, "list", "", "List your tokens (ids and comments, never values).", 0, 0, [], ListAsync),
        new(Group, "delete", "TOKEN_ID", "Revoke one of your tokens.", 1, 1, [], DeleteAsync),
    ];

    private static async Task<int> CreateAsync(CommandContext context)
    {
        var body = new JsonObject();
        if (context.Line.Option("comment") is { } comment)
        {
            body["comment"] = comment;
        }

        if (context.Line.Option("lifetime-seconds") is { } lifetime)
        {
            body["lifetime_seconds"] = long.TryParse(lifetime, NumberStyles.None, CultureInfo.InvariantCulture, out var seconds)
                ? seconds
                : throw CliException.Usage($"--lifetime-seconds must be a whole number of seconds, not '{lifetime}'.");
        }

        var answer = await context.Api.SendJsonAsync(HttpMethod.Post, $"{ApiPaths.Tokens}/create", body, context.Cancellation);
        context.Output.Write(answer.Body, output =>
        {
            var created = answer.Json();
            output.Fields(
                ("token_id", JsonText.Of(created["token_info"]?["token_id"])),
                ("expires", Expiry(created["token_info"]?["expiry_time"])),
                ("token_value", JsonText.Of(created["token_value"])));
        });
        return ExitCodes.Ok;
    }

    private static async Task<int> ListAsync(CommandContext context)
    {
        var answer = await context.Api.GetAsync($"{ApiPaths.Tokens}/list", context.Cancellation);
        context.Output.Write(answer.Body, output => output.Table(
            ["TOKEN_ID", "CREATED", "EXPIRES", "COMMENT"],
            JsonText.Objects(answer.Json()["token_infos"]).Select(static t => (IReadOnlyList<string?>)
            [
                JsonText.Of(t["token_id"]),
                JsonText.Time(t["creation_time"]),
                Expiry(t["expiry_time"]),
                JsonText.Of(t["comment"]),
            ]).ToList()));
        return ExitCodes.Ok;
    }

    private static async Task<int> DeleteAsync(CommandContext context)
    {
        var answer = await context.Api.SendJsonAsync(
            HttpMethod.Post, $"{ApiPaths.Tokens}/delete", new JsonObject { ["token_id"] = context.Arguments[0] }, context.Cancellation);
        context.Output.Write(answer.Body, output => output.Line($"Deleted token {context.Arguments[0]}."));
        return ExitCodes.Ok;
    }

    // The API writes -1 for a token that never expires.
    private static string? Expiry(JsonNode? node) => JsonText.Of(node) == "-1" ? "never" : JsonText.Time(node);
}
