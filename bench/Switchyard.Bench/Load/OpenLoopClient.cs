using System.Buffers;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Headers;

namespace Switchyard.Bench.Load;

/// <summary>
/// The open-loop load generator: sends POSTs on a fixed schedule (request i at start + i/rate)
/// whatever the answers do, and measures each latency from the request's <em>intended</em> send
/// time, so a slow answer or a late scheduler shows up in the percentiles instead of silently
/// lowering the rate (no coordinated omission). Connections are kept alive in one
/// <see cref="SocketsHttpHandler"/> pool with no cap: when every open connection is busy the
/// next send opens another rather than waiting. Runs as a worker process: one
/// <c>run URL BODY_FILE SECONDS RATE</c> or <c>warm …</c> line on stdin, one result line out.
/// </summary>
public sealed class OpenLoopClient : IDisposable
{
    private static readonly MediaTypeHeaderValue Json = new("application/json");

    private readonly HttpClient _client;
    private readonly AuthenticationHeaderValue? _authorization;
    private readonly LatencyHistogram _latency = new();
    private readonly LatencyHistogram _sendLag = new();
    private long _errors;
    private int _inFlight;
    private int _maxInFlight;

    public OpenLoopClient(string? bearerToken)
    {
        var handler = new SocketsHttpHandler
        {
            UseProxy = false,
            UseCookies = false,
            AutomaticDecompression = DecompressionMethods.None,
            PooledConnectionIdleTimeout = TimeSpan.FromMinutes(10),
            PooledConnectionLifetime = Timeout.InfiniteTimeSpan,
            MaxConnectionsPerServer = int.MaxValue,
        };
        _client = new HttpClient(handler) { Timeout = TimeSpan.FromSeconds(10) };
        _authorization = bearerToken is null ? null : new AuthenticationHeaderValue("Bearer", bearerToken);
    }

    public static async Task<int> RunWorkerAsync(string[] args)
    {
        var at = Array.IndexOf(args, "--token");
        var token = at >= 0 && at + 1 < args.Length ? args[at + 1] : null;
        at = Array.IndexOf(args, "--connections");
        var connections = at >= 0 && at + 1 < args.Length ? int.Parse(args[at + 1], CultureInfo.InvariantCulture) : 32;
        using var client = new OpenLoopClient(token);
        Console.WriteLine("READY");
        while (Console.ReadLine() is { } line)
        {
            var parts = line.Split(' ');
            if (parts is ["quit"])
            {
                break;
            }

            if (parts is not ["run" or "warm", var url, var bodyFile, var seconds, var rate])
            {
                Console.WriteLine($"ERROR unknown command: {line}");
                continue;
            }

            var body = await File.ReadAllBytesAsync(bodyFile);
            var target = new Uri(url);
            if (parts[0] == "warm")
            {
                await client.OpenConnectionsAsync(target, body, connections);
            }

            var result = await client.RunAsync(target, body,
                TimeSpan.FromSeconds(double.Parse(seconds, CultureInfo.InvariantCulture)), double.Parse(rate, CultureInfo.InvariantCulture));
            Console.WriteLine(result.ToLine());
        }

        return 0;
    }

    /// <summary>Sends <paramref name="count"/> requests at once so the pool holds that many open connections before measuring.</summary>
    public async Task OpenConnectionsAsync(Uri url, byte[] body, int count)
    {
        var sends = new Task[count];
        for (var i = 0; i < count; i++)
        {
            sends[i] = SendAsync(url, body, Stopwatch.GetTimestamp(), record: false);
        }

        await Task.WhenAll(sends);
    }

    public async Task<OpenLoopResult> RunAsync(Uri url, byte[] body, TimeSpan duration, double rate)
    {
        _latency.Reset();
        _sendLag.Reset();
        Interlocked.Exchange(ref _errors, 0);
        Interlocked.Exchange(ref _maxInFlight, 0);
        var interval = Stopwatch.Frequency / rate;
        var count = (long)(duration.TotalSeconds * rate);
        var outstanding = new List<Task>((int)Math.Min(count, 1_000_000));

        // A dedicated thread keeps the schedule: the thread pool's queueing would add its own lag.
        var start = Stopwatch.GetTimestamp() + (Stopwatch.Frequency / 100);
        var scheduler = new Thread(() =>
        {
            PreciseClock.TightenThisThread();
            for (long i = 0; i < count; i++)
            {
                var intended = start + (long)(i * interval);
                PreciseClock.SleepUntil(intended);
                _sendLag.Record(ToNanoseconds(Stopwatch.GetTimestamp() - intended));
                outstanding.Add(SendAsync(url, body, intended, record: true));
            }
        })
        { IsBackground = true, Name = "open-loop schedule", Priority = ThreadPriority.AboveNormal };
        scheduler.Start();
        scheduler.Join();
        await Task.WhenAll(outstanding);
        var wall = Stopwatch.GetElapsedTime(start).TotalSeconds;
        var errors = Interlocked.Read(ref _errors);
        return new OpenLoopResult(count, errors, (count - errors) / wall,
            _latency.PercentileMicros(50), _latency.PercentileMicros(90), _latency.PercentileMicros(99), _latency.PercentileMicros(99.9),
            _latency.MaxMicros, _sendLag.PercentileMicros(99), _maxInFlight);
    }

    private async Task SendAsync(Uri url, byte[] body, long intended, bool record)
    {
        var inFlight = Interlocked.Increment(ref _inFlight);
        for (var max = Volatile.Read(ref _maxInFlight); record && inFlight > max;)
        {
            var seen = Interlocked.CompareExchange(ref _maxInFlight, inFlight, max);
            max = seen == max ? inFlight : seen;
        }

        try
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, url) { Content = new ByteArrayContent(body) };
            request.Content.Headers.ContentType = Json;
            request.Headers.Authorization = _authorization;
            using var response = await _client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
            await DrainAsync(response);
            var done = Stopwatch.GetTimestamp();
            if (!response.IsSuccessStatusCode)
            {
                Interlocked.Increment(ref _errors);
            }
            else if (record)
            {
                _latency.Record(ToNanoseconds(done - intended));
            }
        }
        catch (Exception error) when (error is HttpRequestException or TaskCanceledException or IOException)
        {
            Interlocked.Increment(ref _errors);
        }
        finally
        {
            Interlocked.Decrement(ref _inFlight);
        }
    }

    /// <summary>Reads the answer to its end into a pooled buffer: the latency includes the whole body.</summary>
    private static async Task DrainAsync(HttpResponseMessage response)
    {
        var buffer = ArrayPool<byte>.Shared.Rent(4096);
        try
        {
            await using var stream = await response.Content.ReadAsStreamAsync();
            while (await stream.ReadAsync(buffer) > 0)
            {
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    private static long ToNanoseconds(long ticks) => Stopwatch.Frequency == 1_000_000_000 ? ticks : (long)(ticks * (1e9 / Stopwatch.Frequency));

    public void Dispose() => _client.Dispose();
}
