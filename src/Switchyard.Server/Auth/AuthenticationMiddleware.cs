using System.Text;
using Microsoft.Extensions.Primitives;
using Switchyard.Core.Errors;
using Switchyard.Core.Identity;
using Switchyard.Server.Gateway.Capture;
using Switchyard.Server.Http;

namespace Switchyard.Server.Auth;

/// <summary>
/// Requires a personal access token on every route but the open probes and the web UI's static files: <c>Authorization:
/// Bearer &lt;token&gt;</c>, or HTTP Basic with user <c>token</c> and the token as password (as the
/// Databricks curl examples send it). Refusals are 401 UNAUTHENTICATED and never echo the token;
/// the AI Gateway's capture records those of an endpoint's invocations path.
/// </summary>
public sealed class AuthenticationMiddleware(RequestDelegate next, TokenAuthenticator authenticator, UnauthenticatedCapture capture)
{
    private const string MissingMessage =
        "Missing credentials: send 'Authorization: Bearer <token>' (or HTTP Basic with user 'token' and the token as password).";

    private const string InvalidMessage = "Invalid access token: it is malformed, unknown, deleted or expired.";

    public Task InvokeAsync(HttpContext context)
    {
        if (IsOpen(context.Request))
        {
            return next(context);
        }

        var header = context.Request.Headers.Authorization;
        if (StringValues.IsNullOrEmpty(header))
        {
            return RefuseAsync(context, MissingMessage);
        }

        if (header.Count != 1 || !TryReadToken(header[0]!, out var token))
        {
            return RefuseAsync(context, "Malformed Authorization header: expected 'Bearer <token>' or Basic credentials for user 'token'.");
        }

        // Warm tokens are decided synchronously from the cache: no allocation, no state machine,
        // no database read on the data plane. Only a cold or stale token goes to the store.
        if (authenticator.TryAuthenticateCached(token, out var identity))
        {
            return Continue(context, identity);
        }

        return AwaitAsync(context, authenticator.AuthenticateAsync(token.ToString(), context.RequestAborted));
    }

    private async Task AwaitAsync(HttpContext context, ValueTask<CallerIdentity?> pending) => await Continue(context, await pending);

    private Task Continue(HttpContext context, CallerIdentity? identity)
    {
        if (identity is null)
        {
            return RefuseAsync(context, InvalidMessage);
        }

        Caller.Set(context, identity);
        return next(context);
    }

    private Task RefuseAsync(HttpContext context, string message)
    {
        capture.Note(context, message);
        context.Response.Headers.WWWAuthenticate = "Bearer";
        return ApiError.WriteAsync(context, ErrorCode.Unauthenticated, message);
    }

    // The web UI's static files (and the redirect from "/" to them) hold no data: they are open,
    // and the pages send the signed-in token with every API call. The Prometheus text is open too, as
    // scrapers send no token: it holds counts and endpoint names, never a payload or a secret.
    private static bool IsOpen(HttpRequest request) =>
        (HttpMethods.IsGet(request.Method) || HttpMethods.IsHead(request.Method))
        && (request.Path.StartsWithSegments("/health", StringComparison.OrdinalIgnoreCase)
            || request.Path.Equals("/.well-known/databricks-config", StringComparison.OrdinalIgnoreCase)
            || request.Path.Equals(Telemetry.TelemetryRegistration.MetricsPath, StringComparison.OrdinalIgnoreCase)
            || request.Path.Equals("/", StringComparison.Ordinal)
            || request.Path.StartsWithSegments("/ui", StringComparison.OrdinalIgnoreCase));

    private static bool TryReadToken(string header, out ReadOnlySpan<char> token)
    {
        token = default;
        var space = header.IndexOf(' ', StringComparison.Ordinal);
        if (space <= 0)
        {
            return false;
        }

        var scheme = header.AsSpan(0, space);
        var credentials = header.AsSpan(space + 1).Trim();
        if (scheme.Equals("Bearer", StringComparison.OrdinalIgnoreCase))
        {
            token = credentials;
            return token.Length > 0;
        }

        if (!scheme.Equals("Basic", StringComparison.OrdinalIgnoreCase))
        {
            return false;
        }

        Span<byte> decoded = stackalloc byte[256];
        if (!Convert.TryFromBase64Chars(credentials, decoded, out var length))
        {
            return false;
        }

        var text = Encoding.UTF8.GetString(decoded[..length]);
        var colon = text.IndexOf(':', StringComparison.Ordinal);
        if (colon < 0 || !text.AsSpan(0, colon).SequenceEqual("token"))
        {
            return false;
        }

        token = text.AsSpan(colon + 1);
        return token.Length > 0;
    }
}
