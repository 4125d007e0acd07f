using System.Diagnostics;
using System.Diagnostics.Metrics;
using Switchyard.Core.Errors;
using Switchyard.Core.Telemetry;
using Switchyard.Server.Http;
using Switchyard.Server.Invocations.Pipeline;

namespace Switchyard.Server.Telemetry;

/// <summary>
/// The data plane's instruments on <see cref="SwitchyardTelemetry.Meter"/>, each labelled with the
/// endpoint and served entity: queries answered, their duration, the errors among them and the LLM
/// tokens they used. Every query is counted once, when its pipeline is done, whichever step answered.
/// Tags go in a <see cref="TagList"/> (a struct) whose values are strings the query already holds,
/// so counting allocates nothing.
/// </summary>
internal static class DataPlaneMetrics
{
    public const string RequestsName = "switchyard.requests";
    public const string DurationName = "switchyard.request.duration";
    public const string ErrorsName = "switchyard.errors";
    public const string TokensName = "switchyard.tokens";
    public const string TokenTypeTag = "token_type";

    private static readonly Counter<long> Requests = SwitchyardTelemetry.Meter.CreateCounter<long>(
        RequestsName, "{request}", "Data-plane queries answered, refusals included.");

    private static readonly Histogram<double> Duration = SwitchyardTelemetry.Meter.CreateHistogram(
        DurationName, "s", "Time from the query's first step to its answer (a stream's last chunk).",
        advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120] });

    private static readonly Counter<long> Errors = SwitchyardTelemetry.Meter.CreateCounter<long>(
        ErrorsName, "{error}", "Data-plane queries answered with a status of 400 or above, or that failed.");

    private static readonly Counter<long> Tokens = SwitchyardTelemetry.Meter.CreateCounter<long>(
        TokensName, "{token}", "LLM tokens used by answered queries (prompt or completion).");

    /// <summary>Runs a pipeline from <paramref name="first"/> and counts the query once it is done; no state machine when it completes at once.</summary>
    public static ValueTask MeasureAsync(InvocationStep first, Invocation invocation)
    {
        var started = Stopwatch.GetTimestamp();
        var run = first.EnterAsync(invocation);
        if (run.IsCompletedSuccessfully)
        {
            run.GetAwaiter().GetResult();
            Record(invocation, started, thrown: null);
            return ValueTask.CompletedTask;
        }

        return AwaitMeasuredAsync(run, invocation, started);
    }

    private static async ValueTask AwaitMeasuredAsync(ValueTask run, Invocation invocation, long started)
    {
        Exception? thrown = null;
        try
        {
            await run;
        }
        catch (Exception error)
        {
            thrown = error;
            throw;
        }
        finally
        {
            Record(invocation, started, thrown);
        }
    }

    private static void Record(Invocation invocation, long started, Exception? thrown)
    {
        var tags = new TagList
        {
            { SwitchyardTelemetry.EndpointTag, DataPlaneLabels.EndpointOf(invocation) },
            { SwitchyardTelemetry.ServedEntityTag, DataPlaneLabels.ServedEntityOf(invocation) },
        };
        Duration.Record(Stopwatch.GetElapsedTime(started).TotalSeconds, tags);
        if (invocation.Usage is { } usage)
        {
            CountTokens(usage.PromptTokens, "prompt", tags);
            CountTokens(usage.CompletionTokens, "completion", tags);
        }

        var (status, code) = Outcome(invocation, thrown);
        if (status >= StatusCodes.Status400BadRequest)
        {
            CountError(status, code, tags);
        }

        // Last, so a reader that sees the query counted sees its duration, tokens and error too.
        Requests.Add(1, tags);
    }

    /// <summary>Counts an error with its status and code; <paramref name="tags"/> is a copy, so the caller's stay as they were.</summary>
    private static void CountError(int status, ErrorCode? code, TagList tags)
    {
        tags.Add(SwitchyardTelemetry.StatusCodeTag, StatusCodeText.Of(status));
        if (code is { } known)
        {
            tags.Add(SwitchyardTelemetry.ErrorCodeTag, known.ToWire());
        }

        Errors.Add(1, tags);
    }

    private static void CountTokens(int count, string type, TagList tags)
    {
        if (count > 0)
        {
            tags.Add(TokenTypeTag, type);
            Tokens.Add(count, tags);
        }
    }

    /// <summary>
    /// The status and error code the caller gets: a thrown failure is answered later by the error
    /// middleware (its code's status, INTERNAL_ERROR for an unknown one), so it is judged here the same way.
    /// </summary>
    private static (int Status, ErrorCode? Code) Outcome(Invocation invocation, Exception? thrown)
    {
        if (thrown is not null)
        {
            var code = thrown is ServingException serving ? serving.Code : ErrorCode.InternalError;
            return (ErrorStatus.Of(code), code);
        }

        return (invocation.Context.Response.StatusCode, invocation.Error?.Code);
    }
}
