using System.Text.Json;
using Switchyard.Core.Errors;

namespace Switchyard.Server.Gateway.Capture;

/// <summary>An error answer's body as the caller got it, <c>{"error_code", "message"}</c>, for the response column.</summary>
public static class ErrorJson
{
    public static string Of(ErrorCode code, string message)
    {
        using var buffer = new PooledBufferWriter(256);
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            writer.WriteString("error_code"u8, code.ToWire());
            writer.WriteString("message"u8, message);
            writer.WriteEndObject();
        }

        return System.Text.Encoding.UTF8.GetString(buffer.WrittenMemory.Span);
    }
}
