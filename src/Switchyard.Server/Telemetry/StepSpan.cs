using System.Diagnostics;
using Switchyard.Core.Errors;
using Switchyard.Core.Telemetry;
using Switchyard.Server.Invocations.Pipeline;

namespace Switchyard.Server.Telemetry;

/// <summary>
/// A data-plane step run inside its span. Once the step (and what it handed on to) is done, the
/// span is tagged with what the query resolved to: the endpoint, the served entity, the status and
/// the refusal's error code. Never the body, a header, a token or a key: tags are only these.
/// </summary>
internal static class StepSpan
{
    public static async ValueTask RunAsync(InvocationStep step, Invocation invocation, Activity span)
    {
        using (span)
        {
            try
            {
                await step.RunAsync(invocation);
            }
            catch (Exception error)
            {
                // The type only: an exception's message may quote what the caller sent.
                span.SetStatus(ActivityStatusCode.Error, error.GetType().Name);
                throw;
            }
            finally
            {
                Tag(span, invocation);
            }
        }
    }

    /// <summary>What the query resolved to, on <paramref name="span"/>.</summary>
    public static void Tag(Activity span, Invocation invocation)
    {
        if (DataPlaneLabels.EndpointOf(invocation) is { Length: > 0 } endpoint)
        {
            span.SetTag(SwitchyardTelemetry.EndpointTag, endpoint);
        }

        if (DataPlaneLabels.ServedEntityOf(invocation) is { Length: > 0 } served)
        {
            span.SetTag(SwitchyardTelemetry.ServedEntityTag, served);
        }

        span.SetTag(SwitchyardTelemetry.StatusCodeTag, invocation.Context.Response.StatusCode);
        if (invocation.Error is { } error)
        {
            span.SetTag(SwitchyardTelemetry.ErrorCodeTag, error.Code.ToWire());
            span.SetStatus(ActivityStatusCode.Error);
        }
    }
}
