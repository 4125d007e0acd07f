using System.Diagnostics;
using Switchyard.Core.Routing;
using Switchyard.Server.Gateway.Capture;
using Switchyard.Server.Invocations.Pipeline;

namespace Switchyard.Server.Experiments;

/// <summary>
/// Gives an endpoint's shadows their copies of the queries a primary answers. Each shadow samples
/// the query by its percentage; when one does, the step keeps the primary's answer text
/// (<see cref="Invocation.KeepAnswer"/>) and, once the primary has answered, offers each sampling
/// shadow a copy through the <see cref="ShadowDispatcher"/>, which never makes the query wait. A
/// query pinned to a shadow (<c>…/served-models/{shadow}/invocations</c>) is the shadow answering,
/// not a primary, and is copied to no one. An endpoint without shadows costs one check.
/// </summary>
public sealed class ShadowStep(ShadowDispatcher dispatcher, ShadowCounters counters, TimeProvider time) : InvocationStep
{
    public override ValueTask RunAsync(Invocation invocation)
    {
        var route = invocation.Route;
        if (route.Shadows.Count == 0 || route.IsShadow(invocation.Entity))
        {
            return NextAsync(invocation);
        }

        List<ShadowRoute>? sampling = null;
        foreach (var shadow in route.Shadows)
        {
            if (shadow.Samples())
            {
                counters.Sampled(route.EndpointName, shadow.Entity.Name);
                (sampling ??= []).Add(shadow);
            }
        }

        if (sampling is null)
        {
            return NextAsync(invocation);
        }

        invocation.KeepAnswer = true;
        return CopyAfterAsync(invocation, sampling);
    }

    private async ValueTask CopyAfterAsync(Invocation invocation, List<ShadowRoute> sampling)
    {
        // Copied now: the query's body is only valid until it is answered.
        var body = invocation.Body.ToArray();
        var requestTime = time.GetUtcNow();
        var started = Stopwatch.GetTimestamp();
        Exception? thrown = null;
        try
        {
            await NextAsync(invocation);
        }
        catch (Exception error)
        {
            thrown = error;
            throw;
        }
        finally
        {
            var latency = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
            var outcome = QueryOutcome.Of(invocation, thrown, withText: true);
            // The primary as the caller heard it: a fallback answers under its own name.
            var primary = invocation.Context.Response.Headers[ChooseEntityStep.ServedModelHeader].ToString();
            var requestId = invocation.Context.Response.Headers[CaptureStep.RequestIdHeader].ToString();
            foreach (var shadow in sampling)
            {
                dispatcher.Offer(new ShadowCopy(
                    invocation.Route, shadow.Entity, body, invocation.RouteTask, invocation.Caller, invocation.Gateway, requestId, requestTime,
                    primary.Length > 0 ? primary : invocation.Entity.Name, outcome.StatusCode, latency, outcome.Answer ?? ""));
            }
        }
    }
}
