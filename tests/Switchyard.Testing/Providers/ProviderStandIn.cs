using System.Collections.Concurrent;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Logging;

namespace Switchyard.Testing.Providers;

/// <summary>How a stand-in answers the next requests: as the provider would, or failing.</summary>
public enum StandInFailure
{
    None,
    RateLimited,
    ServerError,
    Hang,
}

/// <summary>One request a stand-in received, as it came: method, raw target, headers and body.</summary>
public sealed record RecordedRequest(string Method, string RawTarget, IReadOnlyDictionary<string, string> Headers, string Body)
{
    public string Path => RawTarget.Split('?')[0];

    public JsonObject? Json => Body.Length == 0 ? null : JsonNode.Parse(Body) as JsonObject;

    public string? Header(string name) => Headers.TryGetValue(name.ToLowerInvariant(), out var value) ? value : null;
}

/// <summary>
/// A provider's API on a loopback port chosen by the OS, for tests: records every request, checks
/// it against the provider's documented wire format (a violation is answered with 400 and kept in
/// <see cref="Problems"/>), and can be told to fail with 429, 500 or to hang.
/// </summary>
public abstract class ProviderStandIn : IAsyncDisposable
{
    private readonly ConcurrentQueue<RecordedRequest> _requests = new();
    private readonly ConcurrentQueue<string> _problems = new();
    private WebApplication? _app;

    public Uri BaseUrl { get; private set; } = new("http://127.0.0.1/");

    /// <summary>The base URL without its trailing slash, as configs and options take it.</summary>
    public string Base => BaseUrl.ToString().TrimEnd('/');

    public StandInFailure Failure { get; set; }

    public IReadOnlyCollection<RecordedRequest> Requests => _requests;

    /// <summary>Every way a request broke the provider's wire format; empty when all were right.</summary>
    public IReadOnlyCollection<string> Problems => _problems;

    /// <summary>The text pieces a chat answer is made of; streamed, each goes out in its own flushed event.</summary>
    public IReadOnlyList<string> ReplyPieces { get; set; } = ["Hello", " from", " the stand-in."];

    public string Reply => string.Concat(ReplyPieces);

    public int InputTokens { get; set; } = 7;

    public int OutputTokens { get; set; } = 3;

    public async Task StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        _app = builder.Build();
        _app.Use(async (context, next) =>
        {
            context.Request.EnableBuffering();
            using var reader = new StreamReader(context.Request.Body, Encoding.UTF8, leaveOpen: true);
            var body = await reader.ReadToEndAsync(context.RequestAborted);
            context.Request.Body.Position = 0;
            var headers = context.Request.Headers.ToDictionary(static h => h.Key.ToLowerInvariant(), static h => h.Value.ToString());
            var rawTarget = context.Features.Get<IHttpRequestFeature>()?.RawTarget ?? context.Request.Path.ToString();
            _requests.Enqueue(new RecordedRequest(context.Request.Method, rawTarget, headers, body));
            if (!await FailAsync(context))
            {
                await next(context);
            }
        });
        Map(_app);
        await _app.StartAsync();
        BaseUrl = new Uri(_app.Urls.First().TrimEnd('/') + "/");
    }

    /// <summary>Maps the provider's routes.</summary>
    protected abstract void Map(WebApplication app);

    /// <summary>The provider's error body for <paramref name="status"/>, with <paramref name="message"/> in its own field.</summary>
    protected abstract Task WriteErrorAsync(HttpContext context, int status, string message);

    /// <summary>Answers 400 listing <paramref name="problems"/> (and keeps them) when there are any.</summary>
    protected async Task<bool> RejectAsync(HttpContext context, List<string> problems)
    {
        if (problems.Count == 0)
        {
            return false;
        }

        foreach (var problem in problems)
        {
            _problems.Enqueue(problem);
        }

        await WriteErrorAsync(context, 400, string.Join("; ", problems));
        return true;
    }

    /// <summary>Writes one piece of a streamed answer and flushes it, so the client sees it before the next.</summary>
    protected static async Task WriteFlushedAsync(HttpContext context, byte[] bytes)
    {
        await context.Response.Body.WriteAsync(bytes, context.RequestAborted);
        await context.Response.Body.FlushAsync(context.RequestAborted);
    }

    protected static Task WriteJsonAsync(HttpContext context, JsonNode body, int status = 200)
    {
        context.Response.StatusCode = status;
        context.Response.ContentType = "application/json";
        return context.Response.WriteAsync(body.ToJsonString(), context.RequestAborted);
    }

    private async Task<bool> FailAsync(HttpContext context)
    {
        switch (Failure)
        {
            case StandInFailure.RateLimited:
                context.Response.Headers.RetryAfter = "2";
                await WriteErrorAsync(context, 429, "Too many requests: slow down (stand-in).");
                return true;
            case StandInFailure.ServerError:
                await WriteErrorAsync(context, 500, "The stand-in broke on purpose.");
                return true;
            case StandInFailure.Hang:
                try
                {
                    await Task.Delay(Timeout.Infinite, context.RequestAborted);
                }
                catch (OperationCanceledException)
                {
                    // The client gave up, as it should.
                }

                return true;
            default:
                return false;
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_app is not null)
        {
            await _app.StopAsync();
            await _app.DisposeAsync();
        }

        GC.SuppressFinalize(this);
    }
}
