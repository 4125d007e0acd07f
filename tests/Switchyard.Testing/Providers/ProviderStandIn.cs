using System.Collections.Concurrent;
using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Switchyard.Testing.Providers;

/// <summary>
/// The common part of a provider stand-in: a real Kestrel server on 127.0.0.1, port 0, that
/// records every request, can be told to fail the next ones (an error status with Retry-After,
/// or a hang until the caller gives up), and otherwise leaves the answer to the provider's shape.
/// </summary>
public abstract class ProviderStandIn : IAsyncDisposable
{
    private readonly ConcurrentQueue<StandInRequest> _requests = new();
    private readonly ConcurrentQueue<Failure> _failures = new();
    private readonly ConcurrentQueue<string> _violations = new();
    private readonly CancellationTokenSource _stopping = new();
    private WebApplication? _app;
    private int _errorEventsNext;

    /// <summary>The stand-in's root, <c>http://127.0.0.1:port</c>.</summary>
    public string Root { get; private set; } = "";

    /// <summary>Every request seen so far, oldest first.</summary>
    public IReadOnlyList<StandInRequest> Requests => [.. _requests];

    /// <summary>
    /// Every request refused for breaking the provider's official definition (its request rules), oldest
    /// first, in the words of the violation. A client that speaks the provider's API right leaves it empty.
    /// </summary>
    public IReadOnlyList<string> Violations => [.. _violations];

    /// <summary>The last request seen.</summary>
    public StandInRequest LastRequest => _requests.LastOrDefault() ?? throw new InvalidOperationException("The stand-in has seen no request.");

    /// <summary>The text every answer carries (split on spaces into stream chunks).</summary>
    public string Reply { get; set; } = "Hello from the stand-in, one piece at a time.";

    /// <summary>The next request answers <paramref name="status"/> in the provider's error shape, with Retry-After when given.</summary>
    public void FailNext(int status, string? message = null, TimeSpan? retryAfter = null) =>
        _failures.Enqueue(new Failure(status, message ?? $"stand-in failure {status}", retryAfter, Hang: false));

    /// <summary>The next request gets no answer until its caller gives up (or the stand-in stops).</summary>
    public void HangNext() => _failures.Enqueue(new Failure(0, "", null, Hang: true));

    /// <summary>
    /// The next stream sends its first text, then an error event in the provider's shape (Anthropic's
    /// <c>event: error</c> overloaded_error; OpenAI's <c>data: {"error": …}</c>) instead of finishing.
    /// </summary>
    public void ErrorEventNext() => Interlocked.Increment(ref _errorEventsNext);

    /// <summary>True once after <see cref="ErrorEventNext"/>: the stream in progress should fail now.</summary>
    protected bool TakeErrorEvent() => Interlocked.Exchange(ref _errorEventsNext, 0) > 0;

    protected async Task ListenAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0));
        _app = builder.Build();
        _app.Run(HandleAsync);
        await _app.StartAsync();
        var address = _app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        Root = address.Replace("[::1]", "127.0.0.1", StringComparison.Ordinal).TrimEnd('/');
    }

    /// <summary>Checks the request's wire format and answers it; writes a provider-shaped error when it is wrong.</summary>
    protected abstract Task AnswerAsync(HttpContext context, StandInRequest request);

    /// <summary>Refuses a request that breaks the provider's definition: noted in <see cref="Violations"/>, answered as the provider would.</summary>
    protected Task RefuseAsync(HttpContext context, int status, string violation)
    {
        _violations.Enqueue(violation);
        return WriteErrorAsync(context, status, violation);
    }

    /// <summary>Writes an error in the provider's shape.</summary>
    protected abstract Task WriteErrorAsync(HttpContext context, int status, string message);

    private async Task HandleAsync(HttpContext context)
    {
        var request = await RecordAsync(context);
        _requests.Enqueue(request);
        if (_failures.TryDequeue(out var failure))
        {
            if (failure.Hang)
            {
                using var both = CancellationTokenSource.CreateLinkedTokenSource(context.RequestAborted, _stopping.Token);
                try
                {
                    await Task.Delay(Timeout.Infinite, both.Token);
                }
                catch (OperationCanceledException)
                {
                }

                return;
            }

            if (failure.RetryAfter is { } retryAfter)
            {
                context.Response.Headers.RetryAfter = ((int)Math.Ceiling(retryAfter.TotalSeconds)).ToString(System.Globalization.CultureInfo.InvariantCulture);
            }

            await WriteErrorAsync(context, failure.Status, failure.Message);
            return;
        }

        await AnswerAsync(context, request);
    }

    private static async Task<StandInRequest> RecordAsync(HttpContext context)
    {
        // Buffered and rewound, so that an answer may read the body again (a form, say).
        context.Request.EnableBuffering();
        using var reader = new StreamReader(context.Request.Body, Encoding.UTF8, leaveOpen: true);
        var raw = await reader.ReadToEndAsync(context.RequestAborted);
        context.Request.Body.Position = 0;
        JsonObject? body = null;
        try
        {
            body = raw.Length > 0 && (context.Request.ContentType ?? "").Contains("json", StringComparison.OrdinalIgnoreCase)
                ? JsonNode.Parse(raw) as JsonObject
                : null;
        }
        catch (JsonException)
        {
        }

        var headers = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var (name, values) in context.Request.Headers)
        {
            headers[name.ToLowerInvariant()] = values.ToString();
        }

        return new StandInRequest(context.Request.Method, context.Request.Path.Value ?? "", context.Request.QueryString.Value ?? "", headers, body, raw);
    }

    /// <summary>Writes one JSON answer.</summary>
    protected static async Task WriteJsonAsync(HttpContext context, int status, JsonNode body)
    {
        context.Response.StatusCode = status;
        context.Response.ContentType = "application/json";
        await context.Response.WriteAsync(body.ToJsonString(), context.RequestAborted);
    }

    /// <summary>Starts a server-sent event stream.</summary>
    protected static async Task StartEventsAsync(HttpContext context)
    {
        context.Response.StatusCode = 200;
        context.Response.ContentType = "text/event-stream";
        context.Response.Headers.CacheControl = "no-cache";
        await context.Response.StartAsync(context.RequestAborted);
    }

    /// <summary>Writes and flushes one event, so that each reaches the client on its own.</summary>
    protected static async Task WriteEventAsync(HttpContext context, string? name, string data)
    {
        var text = name is null ? $"data: {data}\n\n" : $"event: {name}\ndata: {data}\n\n";
        await context.Response.WriteAsync(text, context.RequestAborted);
        await context.Response.Body.FlushAsync(context.RequestAborted);
    }

    /// <summary>A rough token count: words.</summary>
    protected static int Words(string? text) => string.IsNullOrWhiteSpace(text) ? 0 : text.Split(' ', StringSplitOptions.RemoveEmptyEntries).Length;

    public async ValueTask DisposeAsync()
    {
        await _stopping.CancelAsync();
        if (_app is not null)
        {
            await _app.StopAsync();
            await _app.DisposeAsync();
        }

        _stopping.Dispose();
        GC.SuppressFinalize(this);
    }

    private sealed record Failure(int Status, string Message, TimeSpan? RetryAfter, bool Hang);
}
