using System.Runtime.CompilerServices;
using System.Text.Json;
using Switchyard.Core.Errors;
using Switchyard.Server.Http;
using Switchyard.Server.Invocations.Pipeline;

namespace Switchyard.Server.Gateway.Guardrails;

/// <summary>
/// The input guardrails, just before the driver: when the endpoint has any, the request body's
/// text is checked (an LLM request's messages, prompt or input; every string of any other body)
/// and either refused with a 400 naming what was found, or masked, in which case the driver is
/// handed the rewritten body. It also hands the driver the output guard,
/// which the driver applies to the answer. An endpoint without guardrails passes through at the
/// cost of two property reads.
/// </summary>
public sealed class GuardStep(GuardrailCompiler guardrails) : InvocationStep
{
    public override ValueTask RunAsync(Invocation invocation)
    {
        var input = invocation.Gateway.Guardrails.Input;
        invocation.OutputGuard = guardrails.OutputOf(invocation.Gateway);
        return input.Any ? GuardAsync(invocation, guardrails.Input(input)) : NextAsync(invocation);
    }

    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder))]
    private async ValueTask GuardAsync(Invocation invocation, Guard guard)
    {
        var original = invocation.Body;
        GuardRefusal? refusal;
        bool masks;
        JsonTexts texts;
        try
        {
            texts = JsonTextShape.Of(original.Span);
            refusal = guard.CheckJson(original.Span, texts, out masks);
        }
        catch (JsonException error)
        {
            await invocation.FailAsync(ErrorCode.BadRequest, JsonBody.Describe(error));
            return;
        }
        catch (InvalidOperationException)
        {
            // The reader refuses to unescape a string that is not text (a lone surrogate).
            await invocation.FailAsync(ErrorCode.BadRequest, "The request body holds a string that is not valid text.");
            return;
        }

        if (refusal is not null)
        {
            await invocation.FailAsync(ErrorCode.BadRequest, refusal.Message);
            return;
        }

        if (!masks)
        {
            await NextAsync(invocation);
            return;
        }

        using var masked = new PooledBufferWriter(original.Length + 64);
        guard.MaskJson(original.Span, texts, masked);
        invocation.Body = masked.WrittenMemory;
        invocation.Capture?.NoteMasked(masked.WrittenMemory.Span);
        try
        {
            await NextAsync(invocation);
        }
        finally
        {
            // The masked buffer goes back to the pool now: the steps that ran before see the body
            // they read, not memory that is no longer theirs.
            invocation.Body = original;
        }
    }
}
