using System.Buffers;
using System.IO.Pipelines;
using System.Diagnostics;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Http.Features;
using Switchyard.Core.Endpoints;
using Switchyard.Core.Errors;
using Switchyard.Core.Llm;
using Switchyard.Core.Routing;
using Switchyard.Server.Gateway.Guardrails;
using Switchyard.Server.Http;
using Switchyard.Server.Invocations.Pipeline;

namespace Switchyard.Server.Drivers.Llm;

/// <summary>
/// Answers an LLM query on an external-model or foundation-model entity, whole or streamed.
/// With <c>ai_gateway.fallback_config</c> enabled, a provider failure that another entity may
/// not share (timeout, 429, 5xx, a full queue) moves the query on to the endpoint's next entity,
/// round-robin in served-entity order, until one answers; a stream falls back only before its
/// first chunk is sent.
/// </summary>
public static class LlmInvocation
{
    /// <summary>Answers the query; the task is the route's (OpenAI-compatible paths) or read from the body.</summary>
    public static async Task AnswerAsync(Invocation invocation)
    {
        var (context, route, chosen, pinned) = (invocation.Context, invocation.Route, invocation.Entity, invocation.Pinned);
        var request = LlmRequestReader.Read(invocation.Body.Span, invocation.RouteTask, route.EndpointName);
        var task = request.Task;
        var ct = context.RequestAborted;
        Failure? last = null;
        foreach (var entity in Candidates(route, chosen, pinned))
        {
            if (!ReferenceEquals(entity, chosen))
            {
                // ChooseEntityStep named the chosen entity; a fallback answers under its own name.
                context.Response.Headers[ChooseEntityStep.ServedModelHeader] = entity.Name;
            }
            using var turn = await entity.EnterAsync(ct);
            if (turn.Model is null)
            {
                last = new Failure(turn.Refusal.Error!.Value, turn.Refusal.Message ?? "", 1);
                continue;
            }

            // The LLM drivers' loaders build generative models, fallbacks included (an endpoint serves one kind).
            var model = (IGenerativeModel)turn.Model;
            if (!model.Supports(task))
            {
                throw ServingException.Invalid(
                    $"Served entity '{entity.Name}' does not serve {task.ToWire()} queries{TaskHint(entity)}.");
            }

            try
            {
                if (request.Stream)
                {
                    await StreamAsync(invocation, entity, model, request);
                }
                else
                {
                    var response = await model.GenerateAsync(request, ct);
                    if (invocation.OutputGuard is { } guard && GuardedAnswer.Apply(guard, ref response) is { } refusal)
                    {
                        await invocation.FailAsync(ErrorCode.BadRequest, refusal.Message);
                        return;
                    }

                    await WriteWholeAsync(invocation, task, response);
                }

                return;
            }
            catch (Exception error) when (NotedUnexpected(entity, error, ct))
            {
                throw; // never reached: the filter only writes the log line
            }
            catch (ProviderException error) when (!context.Response.HasStarted)
            {
                entity.NoteProviderFailure(error);
                last = Failure.Of(error, entity.Name);
                if (!error.MayFallBack)
                {
                    break;
                }
            }
        }

        if (last is { } failure && !context.Response.HasStarted)
        {
            await invocation.FailAsync(failure.Code, failure.Message, failure.RetryAfterSeconds);
        }
    }

    /// <summary>The entity the split chose, then (with fallback on) the other primaries from the next one on, wrapping.</summary>
    private static IEnumerable<ServedEntity> Candidates(EndpointRoute route, ServedEntity chosen, bool pinned)
    {
        yield return chosen;
        if (pinned || !route.FallbackEnabled)
        {
            yield break;
        }

        var entities = route.Entities;
        var start = IndexOf(entities, chosen);
        for (var step = 1; step < entities.Count; step++)
        {
            // A shadow answers copies only: a caller never hears it, not even as a fallback.
            var next = entities[(start + step) % entities.Count];
            if (!route.IsShadow(next))
            {
                yield return next;
            }
        }
    }

    private static int IndexOf(IReadOnlyList<ServedEntity> entities, ServedEntity entity)
    {
        for (var i = 0; i < entities.Count; i++)
        {
            if (ReferenceEquals(entities[i], entity))
            {
                return i;
            }
        }

        return 0;
    }

    private static async Task WriteWholeAsync(Invocation invocation, LlmTask task, LlmResponse response)
    {
        var context = invocation.Context;
        using var answer = new PooledBufferWriter();
        LlmAnswerWriter.WriteResponse(answer, task, response);
        invocation.Usage = response.Usage;
        invocation.FirstByteTimestamp = Stopwatch.GetTimestamp();
        if (invocation.KeepAnswer)
        {
            invocation.Answer = Encoding.UTF8.GetString(answer.WrittenMemory.Span);
        }

        context.Response.ContentType = "application/json";
        context.Response.ContentLength = answer.WrittenCount;
        await context.Response.Body.WriteAsync(answer.WrittenMemory, context.RequestAborted);
    }

    /// <summary>
    /// Streams the answer as server-sent events, one event per chunk, flushed as it comes. A
    /// failure before the first chunk is thrown (nothing was sent, so the caller may fall back);
    /// one after it ends the stream with an error event.
    /// </summary>
    private static async Task StreamAsync(Invocation invocation, ServedEntity entity, IGenerativeModel model, LlmRequest request)
    {
        var context = invocation.Context;
        var ct = context.RequestAborted;
        await using var chunks = model.StreamAsync(request, ct).GetAsyncEnumerator(ct);
        if (!await chunks.MoveNextAsync())
        {
            throw new InvalidOperationException("The model ended its stream without a single chunk.");
        }

        invocation.Streamed = true;
        invocation.FirstByteTimestamp = Stopwatch.GetTimestamp();
        var streamed = new StreamedAnswer(request.Task, assemble: invocation.KeepAnswer);
        try
        {
            var guarded = invocation.OutputGuard is { } guard ? new GuardedAnswer(guard) : null;
            await RelayAsync(context, entity, chunks, request, streamed, guarded);
        }
        finally
        {
            // A stream cut short still used what it sent: the limits settle on it and the capture logs it.
            invocation.Usage = streamed.Usage;
            invocation.Answer = streamed.Assembled();
        }
    }

    /// <summary>Writes the chunks as server-sent events, the first already read; a failure mid-stream ends it with an error event.</summary>
    private static async Task RelayAsync(
        HttpContext context, ServedEntity entity, IAsyncEnumerator<LlmChunk> chunks, LlmRequest request, StreamedAnswer streamed,
        GuardedAnswer? guarded)
    {
        var ct = context.RequestAborted;
        var response = context.Response;
        response.ContentType = "text/event-stream";
        response.Headers.CacheControl = "no-cache";
        context.Features.Get<IHttpResponseBodyFeature>()?.DisableBuffering();
        var output = response.BodyWriter;
        using var json = new Utf8JsonWriter(output);
        var started = new bool[request.N];
        GuardRefusal? refusal = null;
        try
        {
            LlmChunk? last = null;
            do
            {
                last = chunks.Current;
                var chunk = guarded is null ? last : guarded.Filter(last, out refusal);
                if (refusal is not null)
                {
                    break;
                }

                if (chunk is not null)
                {
                    await WriteChunkAsync(chunk);
                }
            }
            while (await chunks.MoveNextAsync());

            if (guarded is not null && refusal is null)
            {
                var held = new List<LlmChunk>();
                refusal = guarded.Finish(last, held);
                foreach (var chunk in held)
                {
                    await WriteChunkAsync(chunk);
                }
            }
        }
        catch (Exception error) when (error is ProviderException or ServingException && !ct.IsCancellationRequested)
        {
            Failure failure;
            if (error is ProviderException provider)
            {
                entity.NoteProviderFailure(provider);
                failure = Failure.Of(provider, response.Headers[ChooseEntityStep.ServedModelHeader].ToString());
            }
            else
            {
                failure = new Failure(((ServingException)error).Code, error.Message, null);
            }
            LlmAnswerWriter.WriteErrorEvent(output, failure.Code.ToWire(), failure.Message);
            await output.FlushAsync(ct);
            return;
        }

        if (refusal is not null)
        {
            // The output guardrails stopped the answer: what was sent so far passed them.
            LlmAnswerWriter.WriteErrorEvent(output, ErrorCode.BadRequest.ToWire(), refusal.Message);
        }
        else
        {
            output.Write(LlmAnswerWriter.DoneEvent);
        }

        await output.FlushAsync(ct);

        ValueTask<FlushResult> WriteChunkAsync(LlmChunk chunk)
        {
            streamed.Add(chunk);
            var first = chunk.Index < started.Length && !started[chunk.Index];
            if (first)
            {
                started[chunk.Index] = true;
            }

            LlmAnswerWriter.WriteChunk(output, json, request.Task, chunk, first);
            return output.FlushAsync(ct);
        }
    }

    /// <summary>
    /// An exception filter that writes a fault no one expected (not a provider's failure, not the
    /// caller's mistake, not the caller leaving) to the entity's runtime log, and lets it go on.
    /// </summary>
    private static bool NotedUnexpected(ServedEntity entity, Exception error, CancellationToken ct)
    {
        if (error is not (ProviderException or ServingException or OperationCanceledException) && !ct.IsCancellationRequested)
        {
            entity.NoteError(error);
        }

        return false;
    }

    private static string TaskHint(ServedEntity entity) =>
        entity.Config.External is { } external ? $"; it serves {external.Task.ToWire()}" : "";

    /// <summary>What the caller is told when no entity answered.</summary>
    private readonly record struct Failure(ErrorCode Code, string Message, int? RetryAfterSeconds)
    {
        public static Failure Of(ProviderException error, string servedName)
        {
            var code = error.Status switch
            {
                429 => ErrorCode.RequestLimitExceeded,
                _ when error.TimedOut => ErrorCode.DeadlineExceeded,
                // 402: the provider's billing refused this server's account, which is not the caller's doing.
                null or 402 or >= 500 => ErrorCode.ProviderUnavailable,
                _ => ErrorCode.BadRequest,
            };
            var status = error.Status is { } s ? $" with HTTP {s}" : "";
            var retry = error.Status == 429 ? (int)Math.Ceiling((error.RetryAfter ?? TimeSpan.FromSeconds(1)).TotalSeconds) : (int?)null;
            return new Failure(code, $"External model '{servedName}' ({error.Provider}) failed{status}: {error.Message}", retry);
        }
    }
}
