using System.Diagnostics;
using Switchyard.Core.Experiments;
using Switchyard.Core.Gateway;
using Switchyard.Server.Invocations.Pipeline;

namespace Switchyard.Server.Gateway.Capture;

/// <summary>
/// Gives every query of a resolved endpoint its request id (the <c>x-request-id</c> answer header,
/// the rows' <c>databricks_request_id</c>) and, when the endpoint's gateway captures anything,
/// records the query once it has been answered, whatever its status (refusals of later steps,
/// thrown errors, 5xx included): a row of the inference table when it is enabled and samples the
/// query, a usage row when usage tracking is on. Every answered query of a chosen entity also
/// counts in that entity's <see cref="Core.Routing.TrafficSeries"/> (the endpoint page's charts),
/// gateway or not; a query the gateway captures nothing of costs the id, its header and that count.
/// </summary>
public sealed class CaptureStep(InferenceTableWriter table, ServedEntityIds entities, IUsageLog? usage, TimeProvider time) : InvocationStep
{
    public const string RequestIdHeader = "x-request-id";

    public override ValueTask RunAsync(Invocation invocation)
    {
        var requestId = NewRequestId();
        invocation.Context.Response.Headers[RequestIdHeader] = requestId;
        var gateway = invocation.Gateway;
        var payloads = gateway.InferenceTable is { Enabled: true } enabled ? enabled : null;
        var tracksUsage = gateway.UsageTracking && usage is not null;
        return payloads is null && !tracksUsage ? CountAsync(invocation) : CaptureAsync(invocation, requestId, payloads, tracksUsage);
    }

    public static string NewRequestId() => RequestIds.Next();

    /// <summary>Runs the rest and counts the answer in the entity's traffic; no state machine when the rest completes at once.</summary>
    private ValueTask CountAsync(Invocation invocation)
    {
        var started = Stopwatch.GetTimestamp();
        var rest = NextAsync(invocation);
        if (rest.IsCompletedSuccessfully)
        {
            CountTraffic(invocation, started, failed: false);
            return ValueTask.CompletedTask;
        }

        return AwaitCountAsync(rest, invocation, started);
    }

    private static async ValueTask AwaitCountAsync(ValueTask rest, Invocation invocation, long started)
    {
        var failed = true;
        try
        {
            await rest;
            failed = false;
        }
        finally
        {
            CountTraffic(invocation, started, failed);
        }
    }

    /// <summary>One answered query in its entity's charts: failed when thrown or answered with a status of 400 or above.</summary>
    private static void CountTraffic(Invocation invocation, long started, bool failed)
    {
        if (invocation.Entity is { } entity)
        {
            entity.Traffic.Record(
                Stopwatch.GetElapsedTime(started).TotalMilliseconds,
                failed || invocation.Context.Response.StatusCode >= StatusCodes.Status400BadRequest,
                invocation.Usage?.TotalTokens ?? 0);
        }
    }

    private async ValueTask CaptureAsync(Invocation invocation, string requestId, InferenceTableConfig? payloads, bool tracksUsage)
    {
        var started = Stopwatch.GetTimestamp();
        var requestTime = time.GetUtcNow();
        var sampled = payloads is not null && Sampling.Takes(payloads.SamplingFraction);
        if (sampled)
        {
            invocation.KeepAnswer = true;
        }

        if (!sampled && !tracksUsage)
        {
            await CountAsync(invocation);
            return;
        }

        var capture = new RequestCapture(keepText: sampled);
        invocation.Capture = capture;
        if (!invocation.Body.IsEmpty)
        {
            // The model-field paths read the body before the endpoint was known.
            capture.Note(invocation.Body.Span);
        }

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
            var elapsed = Stopwatch.GetElapsedTime(started);
            var outcome = QueryOutcome.Of(invocation, thrown, withText: sampled);
            invocation.Entity?.Traffic.Record(elapsed.TotalMilliseconds, outcome.StatusCode >= StatusCodes.Status400BadRequest, invocation.Usage?.TotalTokens ?? 0);
            var entity = invocation.Entity is null ? ServedEntityIds.None(invocation.Route) : entities.Of(invocation.Route, invocation.Entity);
            if (sampled)
            {
                table.Append(invocation.EndpointName, payloads!, PayloadRow(invocation, requestId, requestTime, elapsed, outcome, entity, payloads!, capture));
            }

            if (tracksUsage)
            {
                usage!.Append(UsageRow(invocation, requestId, requestTime, elapsed, started, outcome, entity, capture), entity);
            }
        }
    }

    private static InferenceRow PayloadRow(
        Invocation invocation, string requestId, DateTimeOffset requestTime, TimeSpan elapsed, QueryOutcome outcome,
        ServedEntityRecord entity, InferenceTableConfig payloads, RequestCapture capture)
    {
        var row = new InferenceRow
        {
            RequestDate = DateOnly.FromDateTime(requestTime.UtcDateTime),
            DatabricksRequestId = requestId,
            ClientRequestId = capture.ClientRequestId,
            RequestTime = requestTime.UtcDateTime,
            StatusCode = outcome.StatusCode,
            SamplingFraction = payloads.SamplingFraction,
            ExecutionDurationMs = (long)elapsed.TotalMilliseconds,
            Request = capture.Text ?? "",
            Response = PayloadText.Of(outcome.Answer ?? "", out var responseTruncated),
            ServedEntityId = entity.ServedEntityId,
            Requester = invocation.Caller.Name,
        };
        if (capture.TextTruncated)
        {
            row.LoggingErrorCodes.Add(PayloadText.RequestTooLarge);
        }

        if (responseTruncated)
        {
            row.LoggingErrorCodes.Add(PayloadText.ResponseTooLarge);
        }

        return row;
    }

    private static UsageRecord UsageRow(
        Invocation invocation, string requestId, DateTimeOffset requestTime, TimeSpan elapsed, long started, QueryOutcome outcome,
        ServedEntityRecord entity, RequestCapture capture) =>
        new(
            requestId,
            capture.ClientRequestId,
            requestTime,
            outcome.StatusCode,
            invocation.Caller.Name,
            invocation.EndpointName,
            entity.ServedEntityId,
            entity.ServedEntityName,
            invocation.Usage?.PromptTokens,
            invocation.Usage?.CompletionTokens,
            invocation.Streamed,
            capture.UsageContext,
            elapsed.TotalMilliseconds,
            invocation.FirstByteTimestamp == 0 ? null : Stopwatch.GetElapsedTime(started, invocation.FirstByteTimestamp).TotalMilliseconds)
        {
            // For the experiment readout: which routing answered, and for which unit (hashed, never the key as sent).
            ConfigVersion = invocation.Route.ConfigVersion,
            UnitKey = invocation.Entity is null ? null : UnitKeyHash.Of(invocation.UnitKey),
        };
}
