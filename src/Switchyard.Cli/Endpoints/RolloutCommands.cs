using System.Globalization;
using System.Text.Json.Nodes;
using Switchyard.Cli.Arguments;
using Switchyard.Cli.Commands;
using Switchyard.Cli.Hosting;
using Switchyard.Cli.Http;
using Switchyard.Cli.Output;

namespace Switchyard.Cli.Endpoints;

/// <summary>
/// <c>serving-endpoints rollout start|status|abort|resume NAME</c>: a progressive rollout with
/// gates. The flags are only put into the request's shape here; the server checks every value
/// and its 400 names the field.
/// </summary>
internal static class RolloutCommands
{
    private const string Group = "serving-endpoints";

    private static readonly string[] Actions = ["start", "status", "abort", "resume"];

    public static IEnumerable<CommandSpec> All =>
    [
        new(Group, "rollout", "start|status|abort|resume NAME",
            "Roll a candidate out step by step behind gates: start --candidate X --steps 10:300,50:300,100:0 "
            + "[--gate error_rate:vs_baseline:0.02:100 ...] [--failure-limit N] [--on-inconclusive pause|rollback] "
            + "[--evaluation-interval SECONDS] (or the whole body with --json); status shows the steps and decisions; "
            + "abort restores the baseline; resume takes a paused rollout up again.",
            2, 2, ["candidate", "steps", "gate", "failure-limit", "on-inconclusive", "evaluation-interval", "json"], RunAsync),
    ];

    private static async Task<int> RunAsync(CommandContext context)
    {
        var (action, name) = (context.Arguments[0], context.Arguments[1]);
        if (!Actions.Contains(action))
        {
            throw CliException.Usage($"rollout {action}: give one of {string.Join(", ", Actions)}.");
        }

        if (action != "start" && context.Line.OptionNames.Any(static o => o is "candidate" or "steps" or "gate" or "failure-limit"
            or "on-inconclusive" or "evaluation-interval" or "json"))
        {
            throw CliException.Usage($"rollout {action} takes no plan; only rollout start does.");
        }

        var path = $"{ApiPaths.Endpoint(name)}/rollout";
        var answer = action switch
        {
            "start" => await context.Api.SendJsonAsync(HttpMethod.Post, path, Body(context.Line), context.Cancellation),
            "status" => await context.Api.GetAsync(path, context.Cancellation),
            _ => await context.Api.SendJsonAsync(HttpMethod.Post, $"{path}/{action}", new JsonObject(), context.Cancellation),
        };
        context.Output.Write(answer.Body, output => Show(output, answer.Json()));
        return ExitCodes.Ok;
    }

    /// <summary>The start body: --json as given, or built from the flags.</summary>
    public static JsonObject Body(CommandLine line)
    {
        if (line.Option("json") is { } json)
        {
            if (line.OptionNames.Any(static o => o is "candidate" or "steps" or "gate" or "failure-limit" or "on-inconclusive" or "evaluation-interval"))
            {
                throw CliException.Usage("Give the rollout with --json or with flags, not both.");
            }

            return JsonArgument.Read(json);
        }

        var body = new JsonObject
        {
            ["candidate"] = line.Option("candidate") ?? throw CliException.Usage("rollout start needs --candidate SERVED_ENTITY."),
            ["steps"] = Steps(line.Option("steps") ?? throw CliException.Usage("rollout start needs --steps WEIGHT:HOLD_S,… (for example 10:300,50:300,100:0).")),
        };
        var gates = new JsonArray();
        foreach (var gate in line.Options("gate"))
        {
            gates.Add(Gate(gate));
        }

        if (gates.Count > 0)
        {
            body["gates"] = gates;
        }

        if (line.Option("failure-limit") is { } limit)
        {
            body["failure_limit"] = Number(limit, "--failure-limit");
        }

        if (line.Option("on-inconclusive") is { } inconclusive)
        {
            body["on_inconclusive"] = inconclusive;
        }

        if (line.Option("evaluation-interval") is { } interval)
        {
            body["evaluation_interval_s"] = Number(interval, "--evaluation-interval");
        }

        // Read back from its text, so the numbers are what a typed body would hold.
        return JsonNode.Parse(body.ToJsonString())!.AsObject();
    }

    /// <summary><c>10:300,50:300,100:0</c>: weight percent and hold seconds per step.</summary>
    private static JsonArray Steps(string text)
    {
        var steps = new JsonArray();
        foreach (var step in text.Split(',', StringSplitOptions.TrimEntries))
        {
            var parts = step.Split(':');
            if (parts.Length != 2)
            {
                throw CliException.Usage($"--steps: '{step}' is not WEIGHT:HOLD_S (for example 10:300).");
            }

            steps.Add(new JsonObject { ["weight"] = Number(parts[0], "--steps weight"), ["hold_s"] = Number(parts[1], "--steps hold") });
        }

        return steps;
    }

    /// <summary><c>METRIC:COMPARATOR:MAX_DEGRADATION:MIN_SAMPLES</c>; the metric may hold a colon itself (<c>feedback:clicked</c>).</summary>
    private static JsonObject Gate(string text)
    {
        var parts = text.Split(':');
        if (parts.Length < 4)
        {
            throw CliException.Usage($"--gate: '{text}' is not METRIC:COMPARATOR:MAX_DEGRADATION:MIN_SAMPLES (for example error_rate:vs_baseline:0.02:100).");
        }

        return new JsonObject
        {
            ["metric"] = string.Join(':', parts[..^3]),
            ["comparator"] = parts[^3],
            ["max_degradation"] = Number(parts[^2], "--gate max_degradation"),
            ["min_samples"] = Number(parts[^1], "--gate min_samples"),
        };
    }

    private static double Number(string text, string what) =>
        double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) && double.IsFinite(value)
            ? value
            : throw CliException.Usage($"{what}: '{text}' is not a number.");

    private static void Show(OutputWriter output, JsonObject rollout)
    {
        output.Fields(
            ("endpoint", JsonText.Of(rollout["endpoint_name"])),
            ("state", JsonText.Of(rollout["state"])),
            ("candidate", JsonText.Of(rollout["candidate"])),
            ("step", $"{JsonText.Of(rollout["step"])}/{rollout["steps"]?.AsArray().Count} at {JsonText.Of(rollout["weight"])}%"),
            ("baseline_config_version", JsonText.Of(rollout["baseline_config_version"])),
            ("failures", $"{JsonText.Of(rollout["failures"])} of {JsonText.Of(rollout["failure_limit"])}"),
            ("end_reason", JsonText.Of(rollout["end_reason"])));
        var rows = JsonText.Objects(rollout["decisions"])
            .Select(static d => (IReadOnlyList<string?>)
            [
                JsonText.Time(d["time_ms"]), JsonText.Of(d["step"]), JsonText.Of(d["gate"]) ?? "-", JsonText.Of(d["verdict"]) ?? "-",
                JsonText.Of(d["action"]), JsonText.Of(d["message"]),
            ])
            .ToList();
        output.Line();
        output.Table(["TIME", "STEP", "GATE", "VERDICT", "ACTION", "WHY"], rows);
    }
}
