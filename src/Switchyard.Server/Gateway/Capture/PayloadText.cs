using System.Text;

namespace Switchyard.Server.Gateway.Capture;

/// <summary>
/// The request and response columns' size limit: a payload over <see cref="MaxBytes"/> bytes of
/// UTF-8 is cut to the limit (on a character boundary) and its row carries
/// <c>MAX_REQUEST_SIZE_EXCEEDED</c> or <c>MAX_RESPONSE_SIZE_EXCEEDED</c>. It is never dropped or
/// nulled (Databricks nulls it), so the row still shows what was asked and answered.
/// </summary>
public static class PayloadText
{
    /// <summary>1 MiB, Databricks' payload limit for inference tables.</summary>
    public const int MaxBytes = 1024 * 1024;

    public const string RequestTooLarge = "MAX_REQUEST_SIZE_EXCEEDED";

    public const string ResponseTooLarge = "MAX_RESPONSE_SIZE_EXCEEDED";

    /// <summary>The request body as text, cut past the limit.</summary>
    public static string Of(ReadOnlySpan<byte> utf8, out bool truncated)
    {
        truncated = utf8.Length > MaxBytes;
        return Encoding.UTF8.GetString(truncated ? utf8[..Boundary(utf8)] : utf8);
    }

    /// <summary>The text, cut past the limit.</summary>
    public static string Of(string text, out bool truncated)
    {
        // A char is at most 3 UTF-8 bytes (a surrogate pair is 4 for 2 chars), so short texts need no count.
        truncated = text.Length * 3 > MaxBytes && Encoding.UTF8.GetByteCount(text) > MaxBytes;
        if (!truncated)
        {
            return text;
        }

        var bytes = Encoding.UTF8.GetBytes(text);
        return Encoding.UTF8.GetString(bytes, 0, Boundary(bytes));
    }

    /// <summary>The largest length ≤ the limit that does not split a UTF-8 sequence.</summary>
    private static int Boundary(ReadOnlySpan<byte> utf8)
    {
        var end = MaxBytes;
        // Continuation bytes are 10xxxxxx: step back to the start of the sequence the limit falls in.
        while (end > 0 && (utf8[end] & 0xC0) == 0x80)
        {
            end--;
        }

        return end;
    }
}
