using System.Diagnostics;
using System.Text;
using Switchyard.Core.Errors;
using Switchyard.Core.Identity;
using Switchyard.Core.Llm;
using Switchyard.Core.Routing;
using Switchyard.Server.Drivers;
using Switchyard.Server.Gateway.Capture;
using Switchyard.Server.Http;
using Switchyard.Server.Invocations.Pipeline;

namespace Switchyard.Server.Experiments;

/// <summary>
/// Calls one served entity off any caller's path (a shadow's copy of a query, a replayed capture):
/// its driver answers a request built in memory, exactly as it answers a query, and the answer is
/// read back whole instead of sent. The entity is named as if pinned, so an LLM query never falls
/// back to another entity; no gateway step runs (no capture, limits or guardrails: the caller of
/// an entity call applies what it needs).
/// </summary>
public sealed class EntityCall(EntityDrivers drivers)
{
    /// <summary>
    /// Sends <paramref name="body"/> to <paramref name="entity"/> of <paramref name="route"/> as
    /// <paramref name="caller"/>; <paramref name="task"/> is the OpenAI-compatible path's task, null
    /// for the invocations path. A refusal or failure is an answer too (its status and error body);
    /// only cancellation of <paramref name="ct"/> throws.
    /// </summary>
    public async Task<EntityCallResult> InvokeAsync(
        EndpointRoute route, ServedEntity entity, ReadOnlyMemory<byte> body, LlmTask? task, CallerIdentity caller, CancellationToken ct)
    {
        using var answer = new MemoryStream();
        var context = new DefaultHttpContext { RequestAborted = ct };
        context.Request.Method = HttpMethods.Post;
        context.Request.ContentType = "application/json";
        context.Response.Body = answer;
        Caller.Set(context, caller);
        var invocation = new Invocation(context)
        {
            EndpointName = route.EndpointName,
            ServedName = entity.Name,
            RouteTask = task,
            Route = route,
            Entity = entity,
            Body = body,
            KeepAnswer = true,
        };

        var started = Stopwatch.GetTimestamp();
        try
        {
            await drivers.For(entity.Config).InvokeAsync(invocation);
        }
        catch (ServingException error) when (!context.Response.HasStarted)
        {
            await invocation.FailAsync(error.Code, error.Message);
        }
        catch (Exception error) when (!ct.IsCancellationRequested && error is not OperationCanceledException)
        {
            // What the driver did not turn into an answer is a 500 to a caller, its text never
            // echoed (ApiErrorMiddleware's rule): a comparison keeps the same answer.
            return new EntityCallResult(StatusCodes.Status500InternalServerError, ErrorJson.Of(ErrorCode.InternalError, ApiErrorMiddleware.UnhandledMessage),
                Stopwatch.GetElapsedTime(started).TotalMilliseconds, invocation.Usage);
        }

        await context.Response.CompleteAsync();
        var latency = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
        // A stream is kept as the one whole answer it assembles to, so it compares with a whole answer.
        var text = invocation.Error is null && invocation.Answer is { } kept ? kept : Encoding.UTF8.GetString(answer.GetBuffer(), 0, (int)answer.Length);
        return new EntityCallResult(context.Response.StatusCode, text, latency, invocation.Usage);
    }
}

/// <summary>What an entity answered to an <see cref="EntityCall"/>: its HTTP status, its answer's text (an error's JSON when it refused), how long it took, and the tokens it used (LLMs).</summary>
public readonly record struct EntityCallResult(int Status, string Body, double LatencyMs, LlmUsage? Usage)
{
    public bool Succeeded => Status is >= 200 and < 300;
}
