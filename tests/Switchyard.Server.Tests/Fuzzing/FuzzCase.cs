namespace Switchyard.Server.Tests.Fuzzing;

/// <summary>
/// One request the fuzzer sends: everything needed to send it again by hand. <see cref="Body"/>
/// is null for a request with no content at all; <see cref="ContentType"/> null sends none;
/// <see cref="Authorization"/> replaces the caller's header when set.
/// </summary>
internal sealed record FuzzCase(
    string Route,
    string Method,
    string Path,
    string? ContentType,
    byte[]? Body,
    string Description,
    FuzzCaller Caller,
    string? Authorization = null)
{
    public override string ToString()
    {
        var size = Body is null ? "no body" : $"{Body.Length} bytes";
        var caller = Authorization is null ? Caller.ToString() : $"{Caller} (Authorization: {Authorization})";
        return $"{Method} {Path} (route {Route}) as {caller}, Content-Type {ContentType ?? "none"}, {size}: {Description}\n    body: {BodyExcerpt()}";
    }

    /// <summary>The body's first bytes, printable ASCII as is and the rest as \xNN, to rebuild it byte for byte.</summary>
    public string BodyExcerpt(int max = 300)
    {
        if (Body is null)
        {
            return "(none)";
        }

        var text = new System.Text.StringBuilder();
        foreach (var b in Body.AsSpan(0, Math.Min(Body.Length, max)))
        {
            if (b is >= 0x20 and < 0x7F and not (byte)'\\')
            {
                text.Append((char)b);
            }
            else
            {
                text.Append(System.Globalization.CultureInfo.InvariantCulture, $"\\x{b:X2}");
            }
        }

        return Body.Length > max ? $"{text}… ({Body.Length - max} more bytes)" : text.ToString();
    }
}
