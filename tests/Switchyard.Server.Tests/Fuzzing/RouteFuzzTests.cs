using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Xunit.Abstractions;

namespace Switchyard.Server.Tests.Fuzzing;

/// <summary>
/// Sends seeded junk to every route the running server maps (found through its
/// EndpointDataSource, so routes added later are covered without touching this file) and checks
/// that no answer is a 5xx and that every 4xx is a Databricks error body. A failure lists each
/// offending case with its route, method, content type and body, to replay it by hand.
/// </summary>
public sealed class RouteFuzzTests(ITestOutputHelper output, FuzzFigure report) : IClassFixture<FuzzFigure>
{
    /// <summary>
    /// Fixed, so a failure in CI replays; set SWITCHYARD_FUZZ_SEED to explore other cases (the
    /// figure line names the seed used).
    /// </summary>
    private static readonly int Seed =
        int.TryParse(Environment.GetEnvironmentVariable("SWITCHYARD_FUZZ_SEED"), out var seed) ? seed : 20261202;

    private const int Parallelism = 4;
    private const int MaxFailuresShown = 40;

    [Fact]
    public async Task No_input_reaches_a_500_and_every_4xx_is_a_databricks_error()
    {
        var clock = Stopwatch.StartNew();
        await using var world = await FuzzWorld.StartAsync();
        var routes = FuzzRoutes.Discover(world.Server.Services);
        Assert.NotEmpty(routes);

        var failures = new ConcurrentQueue<string>();
        var statuses = new ConcurrentDictionary<int, int>();
        var count = 0;
        foreach (var route in routes)
        {
            var cases = FuzzPlan.For(route, world, Seed);
            count += cases.Count;
            var routeStatuses = new ConcurrentDictionary<int, int>();
            await Parallel.ForEachAsync(cases, new ParallelOptions { MaxDegreeOfParallelism = Parallelism }, async (fuzz, _) =>
            {
                var problem = await SendAsync(world, fuzz);
                statuses.AddOrUpdate(problem.Status, 1, static (_, n) => n + 1);
                routeStatuses.AddOrUpdate(problem.Status, 1, static (_, n) => n + 1);
                if (problem.Why is { } why)
                {
                    failures.Enqueue($"{fuzz}\n    -> {why}");
                }
            });

            // Which answers each route gave shows how far past the parser its cases got.
            output.WriteLine($"{route.Method} {route.Pattern}: {cases.Count} cases, {Histogram(routeStatuses)}");
        }

        // An exception after the answer started cannot become a 500, but it is the same fault.
        foreach (var line in world.Log.Lines.Where(static l => l.Contains("Unhandled failure", StringComparison.Ordinal)))
        {
            failures.Enqueue($"server log: {line[..Math.Min(line.Length, 1500)]}");
        }

        var fives = statuses.Where(static s => s.Key >= 500).Sum(static s => s.Value);
        var figure = $"fuzz (seed {Seed}): {count:N0} cases over {routes.Count} route/method pairs, {fives} answers >= 500, {failures.Count} failures, " +
            $"{clock.Elapsed.TotalSeconds:F1} s (statuses: {Histogram(statuses)})";
        output.WriteLine(figure);
        report.Report(figure);
        if (!failures.IsEmpty)
        {
            var shown = string.Join("\n", failures.Take(MaxFailuresShown));
            output.WriteLine(shown);
            Assert.Fail($"{failures.Count} fuzz cases failed (first {Math.Min(failures.Count, MaxFailuresShown)}):\n{shown}");
        }
    }

    private static async Task<(int Status, string? Why)> SendAsync(FuzzWorld world, FuzzCase fuzz)
    {
        using var request = new HttpRequestMessage(new HttpMethod(fuzz.Method), fuzz.Path);
        if (fuzz.Body is not null)
        {
            request.Content = new ByteArrayContent(fuzz.Body);
            if (fuzz.ContentType is not null)
            {
                request.Content.Headers.ContentType = MediaTypeHeaderValue.Parse(fuzz.ContentType);
            }
        }

        if (fuzz.Authorization is not null)
        {
            request.Headers.TryAddWithoutValidation("Authorization", fuzz.Authorization);
        }

        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        var client = fuzz.Caller switch
        {
            FuzzCaller.Admin => world.Server.Client,
            FuzzCaller.NoGrantUser => world.NoGrantUser,
            _ => world.Anonymous,
        };
        try
        {
            using var response = await client.SendAsync(request, timeout.Token);
            var status = (int)response.StatusCode;
            var body = await response.Content.ReadAsByteArrayAsync(timeout.Token);
            if (status >= 500)
            {
                return (status, $"{status}: {Excerpt(body)}");
            }

            return (status, status >= 400 ? CheckErrorBody(status, body) : null);
        }
        catch (Exception error) when (error is HttpRequestException or OperationCanceledException)
        {
            return (0, $"no answer: {error.GetType().Name}: {error.Message}");
        }
    }

    /// <summary>Null when the body is <c>{"error_code": string, "message": string}</c>; otherwise why not.</summary>
    private static string? CheckErrorBody(int status, byte[] body)
    {
        try
        {
            using var document = JsonDocument.Parse(body);
            var root = document.RootElement;
            return root.ValueKind == JsonValueKind.Object
                && root.TryGetProperty("error_code", out var code) && code.ValueKind == JsonValueKind.String
                && root.TryGetProperty("message", out var message) && message.ValueKind == JsonValueKind.String
                ? null
                : $"{status} without error_code and message strings: {Excerpt(body)}";
        }
        catch (JsonException)
        {
            return $"{status} with a body that is not JSON: {Excerpt(body)}";
        }
    }

    private static string Histogram(ConcurrentDictionary<int, int> statuses) =>
        string.Join(", ", statuses.OrderBy(static s => s.Key).Select(static s => $"{s.Key}×{s.Value}"));

    private static string Excerpt(byte[] body)
    {
        var text = Encoding.UTF8.GetString(body, 0, Math.Min(body.Length, 400));
        return text.Length == 0 ? "(empty body)" : text;
    }
}
