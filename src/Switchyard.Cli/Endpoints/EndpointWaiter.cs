using System.Text.Json.Nodes;
using Switchyard.Cli.Arguments;
using Switchyard.Cli.Commands;
using Switchyard.Cli.Hosting;
using Switchyard.Cli.Http;
using Switchyard.Cli.Output;

namespace Switchyard.Cli.Endpoints;

/// <summary>
/// Waits for a create or config update the way the Databricks SDKs do: poll GET until
/// <c>state.config_update</c> leaves IN_PROGRESS. Each change of the endpoint's state or of a
/// served entity's deployment is one progress line on stderr, so stdout stays the result alone.
/// </summary>
internal static class EndpointWaiter
{
    private static readonly TimeSpan DefaultTimeout = TimeSpan.FromMinutes(20);

    public static string[] Options => ["no-wait", "timeout"];

    /// <summary>The endpoint once the update is over; UPDATE_FAILED or UPDATE_CANCELED end the command.</summary>
    public static async Task<ApiAnswer> WaitAsync(CommandContext context, string name)
    {
        var timeout = context.Line.Option("timeout") is { } text ? Durations.Parse(text, "timeout") : DefaultTimeout;
        var time = context.Environment.Time;
        var started = time.GetTimestamp();
        string? lastProgress = null;
        while (true)
        {
            var answer = await context.Api.GetAsync(ApiPaths.Endpoint(name), context.Cancellation);
            var endpoint = answer.Json();
            var update = JsonText.Of(endpoint["state"]?["config_update"]);
            var elapsed = time.GetElapsedTime(started);
            var progress = Progress(name, endpoint);
            if (progress != lastProgress)
            {
                context.Error.WriteLine($"[{elapsed.TotalSeconds,4:0}s] {progress}");
                lastProgress = progress;
            }

            switch (update)
            {
                case "NOT_UPDATING" or null:
                    return answer;
                case "UPDATE_FAILED" or "UPDATE_CANCELED":
                    throw new CliException(ExitCodes.UpdateFailed, $"The update of '{name}' ended {update}: {Reason(endpoint)}");
            }

            if (elapsed >= timeout)
            {
                throw new CliException(ExitCodes.WaitTimedOut,
                    $"'{name}' is still {update} after {timeout}; the update goes on (see switchyard serving-endpoints get {name}).");
            }

            await Task.Delay(context.Environment.PollInterval, time, context.Cancellation);
        }
    }

    private static string Progress(string name, JsonObject endpoint)
    {
        var state = endpoint["state"];
        var config = endpoint["pending_config"] as JsonObject ?? endpoint["config"] as JsonObject;
        var entities = JsonText.Objects(config?["served_entities"]).Select(static e =>
        {
            var message = JsonText.Of(e["state"]?["deployment_state_message"]);
            return $"{JsonText.Of(e["name"])} {JsonText.Of(e["state"]?["deployment"])}{(string.IsNullOrEmpty(message) ? "" : $" ({message})")}";
        });
        return string.Join(" | ", entities.Prepend($"{name}: {JsonText.Of(state?["config_update"])}, {JsonText.Of(state?["ready"])}"));
    }

    private static string Reason(JsonObject endpoint)
    {
        var reasons = new List<string>();
        if (JsonText.Of(endpoint["state"]?["config_update_message"]) is { Length: > 0 } message)
        {
            reasons.Add(message);
        }

        var config = endpoint["pending_config"] as JsonObject ?? endpoint["config"] as JsonObject;
        foreach (var entity in JsonText.Objects(config?["served_entities"]))
        {
            if (JsonText.Of(entity["state"]?["deployment"]) == "DEPLOYMENT_FAILED")
            {
                reasons.Add($"{JsonText.Of(entity["name"])}: {JsonText.Of(entity["state"]?["deployment_state_message"])}");
            }
        }

        return reasons.Count == 0 ? "the server gave no reason" : string.Join("; ", reasons.Distinct());
    }
}
