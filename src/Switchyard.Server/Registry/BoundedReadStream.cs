using Switchyard.Core.Errors;

namespace Switchyard.Server.Registry;

/// <summary>
/// A read-only view of a decompressing stream that stops at a byte budget and reports a corrupt
/// gzip stream as a client error, telling it apart from a bad tar inside a good gzip.
/// </summary>
internal sealed class BoundedReadStream(Stream inner, long maxBytes) : Stream
{
    private long _read;

    public override bool CanRead => true;

    public override bool CanSeek => false;

    public override bool CanWrite => false;

    public override long Length => throw new NotSupportedException();

    public override long Position
    {
        get => _read;
        set => throw new NotSupportedException();
    }

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override int Read(Span<byte> buffer)
    {
        int count;
        try
        {
            count = inner.Read(buffer);
        }
        catch (InvalidDataException error)
        {
            throw NotGzip(error);
        }

        return Count(count);
    }

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        int count;
        try
        {
            count = await inner.ReadAsync(buffer, cancellationToken);
        }
        catch (InvalidDataException error)
        {
            throw NotGzip(error);
        }

        return Count(count);
    }

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override void Flush()
    {
    }

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            inner.Dispose();
        }

        base.Dispose(disposing);
    }

    private int Count(int count)
    {
        _read += count;
        if (_read > maxBytes)
        {
            throw ServingException.Invalid($"The model archive unpacks to more than the limit of {maxBytes} bytes.");
        }

        return count;
    }

    private static ServingException NotGzip(InvalidDataException error) =>
        ServingException.Invalid($"The request body is not a valid gzip stream (a tar.gz of an MLflow model directory was expected): {error.Message}");
}
