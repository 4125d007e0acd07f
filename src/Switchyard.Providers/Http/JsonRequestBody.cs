using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;

namespace Switchyard.Providers.Http;

/// <summary>
/// A JSON request body written with <see cref="Utf8JsonWriter"/> into a pooled buffer, sent with
/// its length known (no chunked encoding) and returned to the pool when the request is disposed.
/// </summary>
internal sealed class JsonRequestBody : HttpContent
{
    private static readonly MediaTypeHeaderValue JsonType = new("application/json");

    // One writer per thread, reset onto each body: writing is synchronous, so no await can
    // interleave two bodies on it, and it saves a writer allocation per query.
    [ThreadStatic]
    private static Utf8JsonWriter? _writer;

    private readonly PooledBufferWriter _buffer = new();

    private JsonRequestBody() => Headers.ContentType = JsonType;

    /// <summary>Writes a body with <paramref name="write"/>, which gets <paramref name="state"/> (so it may be static).</summary>
    public static JsonRequestBody Create<TState>(TState state, Action<Utf8JsonWriter, TState> write)
    {
        var body = new JsonRequestBody();
        var writer = _writer ??= new Utf8JsonWriter(Stream.Null, new JsonWriterOptions { SkipValidation = true });
        writer.Reset(body._buffer);
        try
        {
            write(writer, state);
            writer.Flush();
        }
        catch
        {
            body.Dispose();
            throw;
        }
        finally
        {
            writer.Reset(Stream.Null);
        }

        return body;
    }

    /// <summary>The bytes written, for tests and logs of shape (never of content).</summary>
    internal ReadOnlyMemory<byte> Written => _buffer.WrittenMemory;

    protected override Task SerializeToStreamAsync(Stream stream, TransportContext? context) =>
        stream.WriteAsync(_buffer.WrittenMemory).AsTask();

    protected override Task SerializeToStreamAsync(Stream stream, TransportContext? context, CancellationToken cancellationToken) =>
        stream.WriteAsync(_buffer.WrittenMemory, cancellationToken).AsTask();

    protected override bool TryComputeLength(out long length)
    {
        length = _buffer.WrittenCount;
        return true;
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _buffer.Dispose();
        }

        base.Dispose(disposing);
    }
}
