using Switchyard.Core.Errors;
using Switchyard.Core.Gateway;
using Switchyard.Server.Serving;

namespace Switchyard.Server.Gateway.Capture;

/// <summary>
/// Captures the 401s of <c>/serving-endpoints/{name}/invocations</c> (and its served-model form),
/// which the authentication middleware answers before any pipeline step: the path names the
/// endpoint, so its gateway config is known. The row has no requester, no served entity and no
/// request text (a body is never read from a caller who did not authenticate). The OpenAI-compatible
/// paths name the endpoint in the body, so their 401s are not captured.
/// </summary>
public sealed class UnauthenticatedCapture(EndpointDirectory endpoints, InferenceTableWriter table, IUsageLog? usage, TimeProvider time)
{
    /// <summary>Called just before the 401 is written: gives it a request id and records it when the endpoint's gateway captures.</summary>
    public void Note(HttpContext context, string message)
    {
        if (!HttpMethods.IsPost(context.Request.Method) || EndpointNamed(context.Request.Path) is not { } name
            || endpoints.TryGetSnapshot(name) is not { Live: { } route } snapshot)
        {
            return;
        }

        var requestId = CaptureStep.NewRequestId();
        context.Response.Headers[CaptureStep.RequestIdHeader] = requestId;
        var now = time.GetUtcNow();
        const int status = StatusCodes.Status401Unauthorized;
        if (snapshot.Gateway.InferenceTable is { Enabled: true } payloads && Sampling.Takes(payloads.SamplingFraction))
        {
            table.Append(name, payloads, new InferenceRow
            {
                RequestDate = DateOnly.FromDateTime(now.UtcDateTime),
                DatabricksRequestId = requestId,
                RequestTime = now.UtcDateTime,
                StatusCode = status,
                SamplingFraction = payloads.SamplingFraction,
                Response = ErrorJson.Of(ErrorCode.Unauthenticated, message),
            });
        }

        if (snapshot.Gateway.UsageTracking && usage is not null)
        {
            var entity = ServedEntityIds.None(route);
            usage.Append(new UsageRecord(requestId, null, now, status, "", name, "", "", null, null, false, null, 0, null), entity);
        }
    }

    /// <summary>The endpoint of <c>/serving-endpoints/{name}/invocations</c> or <c>…/{name}/served-models/{served}/invocations</c>; null for any other path.</summary>
    public static string? EndpointNamed(PathString path)
    {
        var segments = (path.Value ?? "").Split('/', StringSplitOptions.RemoveEmptyEntries);
        var invocations = segments.Length is 3 or 5 && segments[0] == "serving-endpoints" && segments[^1] == "invocations"
            && (segments.Length == 3 || segments[2] == "served-models");
        return invocations ? Uri.UnescapeDataString(segments[1]) : null;
    }
}
