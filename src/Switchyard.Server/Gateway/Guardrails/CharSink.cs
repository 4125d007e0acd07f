using System.Buffers;

namespace Switchyard.Server.Gateway.Guardrails;

/// <summary>A growable run of characters over a pooled array: where masked text is built without allocating.</summary>
internal struct CharSink : IDisposable
{
    private char[] _buffer;
    private int _length;

    public CharSink(int capacity)
    {
        _buffer = ArrayPool<char>.Shared.Rent(Math.Max(capacity, 16));
        _length = 0;
    }

    public readonly ReadOnlySpan<char> Written => _buffer.AsSpan(0, _length);

    public void Append(ReadOnlySpan<char> text)
    {
        Grow(text.Length);
        text.CopyTo(_buffer.AsSpan(_length));
        _length += text.Length;
    }

    /// <summary>Room for at least <paramref name="count"/> more characters, to be written and then <see cref="Advance"/>d over.</summary>
    public Span<char> Reserve(int count)
    {
        Grow(count);
        return _buffer.AsSpan(_length);
    }

    public void Advance(int count) => _length += count;

    public void Clear() => _length = 0;

    private void Grow(int count)
    {
        if (_length + count > _buffer.Length)
        {
            var larger = ArrayPool<char>.Shared.Rent(Math.Max(_length + count, _buffer.Length * 2));
            _buffer.AsSpan(0, _length).CopyTo(larger);
            ArrayPool<char>.Shared.Return(_buffer);
            _buffer = larger;
        }
    }

    public void Dispose()
    {
        if (_buffer is { Length: > 0 } buffer)
        {
            _buffer = [];
            _length = 0;
            ArrayPool<char>.Shared.Return(buffer);
        }
    }
}
