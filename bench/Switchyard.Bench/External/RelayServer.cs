using System.Buffers;
using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Switchyard.Bench.Driving;
using Yarp.ReverseProxy.Forwarder;

namespace Switchyard.Bench.External;

/// <summary>
/// The .NET proxy floors for the external path: Kestrel in front, one pooled
/// <see cref="SocketsHttpHandler"/> behind, every request sent to the two upstreams in turn, and
/// nothing else (no auth, no JSON, no routing table). <c>--kind bare</c> copies the body both ways
/// by hand the way Switchyard's provider client sends (length known, one write); <c>--kind yarp</c>
/// hands each request to YARP's <see cref="IHttpForwarder"/>. What Switchyard costs above these is
/// its own pipeline; what these cost above nginx is the two HTTP stacks of .NET.
/// </summary>
public static class RelayServer
{
    public static async Task<int> RunAsync(string[] args)
    {
        var read = new BenchArguments(args);
        var kind = read.Value("--kind") ?? "bare";
        var upstreams = read.All("--upstream").Select(static u => new Uri(u)).ToArray();
        if (upstreams.Length == 0 || kind is not ("bare" or "yarp"))
        {
            throw new ArgumentException("serve-relay --urls U --kind bare|yarp --upstream A [--upstream B]");
        }

        var builder = WebApplication.CreateSlimBuilder(args);
        builder.Services.AddHttpForwarder();
        var app = builder.Build();
        using var invoker = new HttpMessageInvoker(new SocketsHttpHandler
        {
            UseProxy = false,
            AllowAutoRedirect = false,
            AutomaticDecompression = DecompressionMethods.None,
            UseCookies = false,
            ActivityHeadersPropagator = null,
            MaxConnectionsPerServer = int.MaxValue,
        }, disposeHandler: true);
        var next = 0;
        int Turn() => (int)((uint)Interlocked.Increment(ref next) % upstreams.Length);

        if (kind == "yarp")
        {
            var forwarder = app.Services.GetRequiredService<IHttpForwarder>();
            var prefixes = upstreams.Select(static u => u.GetLeftPart(UriPartial.Authority)).ToArray();
            app.Map("/{**path}", async context =>
            {
                // A failed forward has already answered 502 (or the like); the bench counts it as an error.
                await forwarder.SendAsync(context, prefixes[Turn()], invoker, ForwarderRequestConfig.Empty, HttpTransformer.Empty);
            });
        }
        else
        {
            app.MapPost("/{**path}", context => RelayAsync(context, invoker, upstreams[Turn()]));
        }

        await app.RunAsync();
        return 0;
    }

    /// <summary>Reads the whole body, sends it with its length to the upstream, and copies the answer back with its status, type and length.</summary>
    private static async Task RelayAsync(HttpContext context, HttpMessageInvoker invoker, Uri upstream)
    {
        var length = (int)(context.Request.ContentLength ?? 0);
        var body = ArrayPool<byte>.Shared.Rent(Math.Max(length, 1));
        try
        {
            await context.Request.Body.ReadExactlyAsync(body.AsMemory(0, length), context.RequestAborted);
            using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(upstream, context.Request.Path.Value))
            {
                Content = new ReadOnlyMemoryContent(body.AsMemory(0, length)),
            };
            request.Content.Headers.ContentType = new("application/json");
            using var answer = await invoker.SendAsync(request, context.RequestAborted);
            context.Response.StatusCode = (int)answer.StatusCode;
            context.Response.ContentType = answer.Content.Headers.ContentType?.ToString();
            context.Response.ContentLength = answer.Content.Headers.ContentLength;
            await answer.Content.CopyToAsync(context.Response.Body, context.RequestAborted);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(body);
        }
    }
}
