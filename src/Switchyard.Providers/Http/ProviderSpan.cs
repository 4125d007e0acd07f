using System.Diagnostics;
using Switchyard.Core.Telemetry;

namespace Switchyard.Providers.Http;

/// <summary>
/// The span of one call to an external provider, on the server's one trace source: tagged with the
/// provider, the model and the HTTP status it answered, and nothing else (no URL, header, body or
/// key). Null while no one listens. The HTTP client's own span, when traced, is its child.
/// </summary>
internal static class ProviderSpan
{
    public const string Name = "ProviderCall";
    public const string ProviderTag = "provider";
    public const string ModelTag = "model";

    public static Activity? Start(ProviderCall call)
    {
        var span = SwitchyardTelemetry.Source.StartActivity(Name, ActivityKind.Internal);
        if (span is not null)
        {
            span.SetTag(ProviderTag, call.Provider);
            if (call.Model is { } model)
            {
                span.SetTag(ModelTag, model);
            }
        }

        return span;
    }

    public static void Answered(Activity? span, HttpResponseMessage response)
    {
        if (span is not null)
        {
            span.SetTag(SwitchyardTelemetry.StatusCodeTag, (int)response.StatusCode);
            if (!response.IsSuccessStatusCode)
            {
                span.SetStatus(ActivityStatusCode.Error);
            }
        }
    }

    /// <summary>The call failed (timeout, broken connection, refusal): the exception's type only, as its message may quote the provider.</summary>
    public static void Failed(Activity? span, Exception error) => span?.SetStatus(ActivityStatusCode.Error, error.GetType().Name);
}
