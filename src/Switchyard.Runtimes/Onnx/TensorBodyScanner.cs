using System.Text.Json;

namespace Switchyard.Runtimes.Onnx;

/// <summary>
/// Reads <c>{"inputs": [[…]]}</c> or <c>{"instances": [[…]]}</c> of numbers straight from the
/// body's bytes into float slots, checking the JSON grammar as it goes: whitespace, brackets,
/// commas and numbers are all a numeric tensor holds, so one loop over the bytes does what a
/// general reader does with a token per value. Anything else (an escaped name, another key, a
/// string, a literal, a comment, a trailing comma, ragged or empty lists) makes it give up, and the
/// general path parses the body and words the error.
/// </summary>
internal ref struct TensorBodyScanner
{
    private readonly ReadOnlySpan<byte> _body;
    private int _at;

    private TensorBodyScanner(ReadOnlySpan<byte> body) => _body = body;

    /// <summary>
    /// Fills <paramref name="slots"/> and <paramref name="dims"/> (its rank is the tensor's); the
    /// count of values, or -1 when the body is not of this form. <paramref name="fixedDims"/> holds
    /// the model's dimensions, -1 where free; every one but the first must match.
    /// </summary>
    public static int Read(ReadOnlySpan<byte> body, ReadOnlySpan<long> fixedDims, Span<float> slots, Span<long> dims)
    {
        var scanner = new TensorBodyScanner(body);
        if (!scanner.Take((byte)'{') || !scanner.TakeInputsName() || !scanner.Take((byte)':') || !scanner.Take((byte)'['))
        {
            return -1;
        }

        var written = scanner.ReadRows(fixedDims, slots, dims);
        return written >= 0 && scanner.Take((byte)'}') && scanner.AtEnd() ? written : -1;
    }

    /// <summary>
    /// The lists after the opening bracket, through the bracket that closes them. Depth 0 is the list
    /// of rows; dims[d] is fixed by the first list closed at depth d and every later one must match
    /// it, so the tensor is rectangular as the general path demands.
    /// </summary>
    private int ReadRows(ReadOnlySpan<long> fixedDims, Span<float> slots, Span<long> dims)
    {
        var leaf = dims.Length - 1;
        Span<long> counts = stackalloc long[dims.Length];
        dims.Fill(-1);
        var depth = 0;
        var written = 0;
        while (true)
        {
            // An element: a number at the leaves, a list above them.
            SkipWhitespace();
            if (depth == leaf)
            {
                if (written == slots.Length || !TryNumber(out var number))
                {
                    return -1;
                }

                // Through double, as the general path casts, so both give the same float.
                slots[written++] = (float)number;
                counts[depth]++;
            }
            else if (Take((byte)'['))
            {
                counts[depth]++;
                depth++;
                counts[depth] = 0;
                continue;
            }
            else
            {
                return -1;
            }

            // After an element: a comma and the next, or the brackets that close lists.
            while (!Take((byte)','))
            {
                if (!Take((byte)']'))
                {
                    return -1;
                }

                // The first (batch) dimension is ONNX Runtime's to judge, as on the general path.
                var length = counts[depth];
                if (dims[depth] >= 0 ? dims[depth] != length : depth > 0 && fixedDims[depth] >= 0 && fixedDims[depth] != length)
                {
                    return -1;
                }

                dims[depth] = length;
                if (depth == 0)
                {
                    return written;
                }

                depth--;
            }
        }
    }

    /// <summary>A number by JSON's grammar (<c>-?(0|[1-9]\d*)(\.\d+)?([eE][+-]?\d+)?</c>), read as the framework reads it.</summary>
    private bool TryNumber(out double value)
    {
        value = 0;
        var start = _at;
        Skip((byte)'-');
        // After a leading zero no digit may follow: one that does is left for the caller, which
        // wants a comma or a bracket there and gives up.
        if (!Skip((byte)'0') && SkipDigits() == 0)
        {
            return false;
        }

        if (Skip((byte)'.') && SkipDigits() == 0)
        {
            return false;
        }

        if (Skip((byte)'e') || Skip((byte)'E'))
        {
            _ = Skip((byte)'+') || Skip((byte)'-');
            if (SkipDigits() == 0)
            {
                return false;
            }
        }

        var number = _body[start.._at];
        return JsonDecimal.TryExact(number, out value) || FrameworkDouble(number, out value);
    }

    /// <summary>The rare number past the fast way, read by the framework's own reader over its bytes alone.</summary>
    private static bool FrameworkDouble(ReadOnlySpan<byte> number, out double value)
    {
        var reader = new Utf8JsonReader(number);
        value = 0;
        return reader.Read() && reader.TryGetDouble(out value);
    }

    /// <summary>The one key this form has, unescaped: <c>"inputs"</c> or <c>"instances"</c>.</summary>
    private bool TakeInputsName()
    {
        SkipWhitespace();
        var rest = _body[_at..];
        var length = rest.StartsWith("\"inputs\""u8) ? 8 : rest.StartsWith("\"instances\""u8) ? 11 : 0;
        _at += length;
        return length > 0;
    }

    /// <summary>Whitespace, then <paramref name="token"/>.</summary>
    private bool Take(byte token)
    {
        SkipWhitespace();
        return Skip(token);
    }

    private bool AtEnd()
    {
        SkipWhitespace();
        return _at == _body.Length;
    }

    private bool Skip(byte token)
    {
        if (_at < _body.Length && _body[_at] == token)
        {
            _at++;
            return true;
        }

        return false;
    }

    private int SkipDigits()
    {
        var start = _at;
        while (_at < _body.Length && (uint)(_body[_at] - '0') <= 9)
        {
            _at++;
        }

        return _at - start;
    }

    private void SkipWhitespace()
    {
        while (_at < _body.Length && IsWhitespace(_body[_at]))
        {
            _at++;
        }
    }

    private static bool IsWhitespace(byte c) => c is (byte)' ' or (byte)'\t' or (byte)'\n' or (byte)'\r';
}
