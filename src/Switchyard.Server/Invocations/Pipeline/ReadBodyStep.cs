using Switchyard.Core.Buffers;
using Switchyard.Core.Errors;

namespace Switchyard.Server.Invocations.Pipeline;

/// <summary>
/// Reads the request body into a pooled buffer sized by Content-Length, refusing past the
/// documented payload limit; the buffer goes back to the pool once the query is answered.
/// </summary>
public sealed class ReadBodyStep : InvocationStep
{
    /// <summary>The documented payload limit for custom-model endpoints.</summary>
    public const int MaxPayloadBytes = 16 * 1024 * 1024;

    // The default builder on purpose: when this step completes later its ValueTask is backed by a
    // Task, which the route hands to Kestrel as is. A pooled source would need a Task made around
    // it (AsTask), one more object and one more continuation per query.
    public override async ValueTask RunAsync(Invocation invocation)
    {
        var request = invocation.Context.Request;
        using var body = new PooledBufferWriter(BufferSize(request));
        if (!await body.ReadFromAsync(request.Body, MaxPayloadBytes, invocation.Context.RequestAborted))
        {
            await invocation.FailAsync(ErrorCode.BadRequest, $"The request body is larger than the {MaxPayloadBytes / (1024 * 1024)} MB limit.");
            return;
        }

        invocation.Body = body.WrittenMemory;
        // The capture notes the body now: the buffer goes back to the pool before it writes its rows.
        invocation.Capture?.Note(body.WrittenMemory.Span);
        await NextAsync(invocation);
    }

    private static int BufferSize(HttpRequest request) =>
        request.ContentLength is > 0 and < MaxPayloadBytes ? (int)request.ContentLength.Value + 1 : 4096;
}
