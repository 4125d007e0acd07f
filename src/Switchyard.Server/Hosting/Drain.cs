using Switchyard.Core.Errors;
using Switchyard.Server.Http;

namespace Switchyard.Server.Hosting;

/// <summary>
/// Graceful stop (SIGTERM, Ctrl-C): from the moment the host starts stopping, <c>/health/ready</c>
/// answers 503 so load balancers take this replica out, requests that arrive anyway are refused
/// with 503 TEMPORARILY_UNAVAILABLE and <c>Connection: close</c> (a client retries elsewhere), and
/// the requests already in flight finish: the host waits for them up to <c>--drain-timeout</c>
/// (<see cref="ServingOptions.DrainTimeout"/>), then exits 0.
/// </summary>
public sealed class Drain
{
    private volatile bool _draining;

    public Drain(IHostApplicationLifetime lifetime) => lifetime.ApplicationStopping.Register(() => _draining = true);

    public bool Draining => _draining;

    /// <summary>The middleware: refuses new requests once draining (the health routes still answer).</summary>
    public static Func<HttpContext, RequestDelegate, Task> Refuse(Drain drain) => (context, next) =>
    {
        if (!drain.Draining || context.Request.Path.StartsWithSegments("/health", StringComparison.OrdinalIgnoreCase))
        {
            return next(context);
        }

        context.Response.Headers.Connection = "close";
        return ApiError.WriteAsync(context, ErrorCode.TemporarilyUnavailable, "This replica is shutting down; send the request again (to another replica).");
    };
}
