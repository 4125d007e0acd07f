using System.Security.Cryptography;
using System.Text.Json;
using System.Text.Json.Nodes;
using Switchyard.Core.Errors;
using Switchyard.Core.Secrets;
using Switchyard.Server.Http;

namespace Switchyard.Server.Secrets;

/// <summary>
/// Reads secrets requests. Bodies may carry a value, so every fault is told by field name and
/// position only: no message quotes the body, not even the parser's one-character excerpt.
/// </summary>
internal static class SecretRequest
{
    /// <summary>The largest value accepted, in bytes (Databricks' limit).</summary>
    public const int MaxValueBytes = 128 * 1024;

    // Room for the largest value written as \uXXXX escapes (6 bytes each) plus the other fields.
    private const int MaxBodyBytes = (MaxValueBytes * 6) + (64 * 1024);

    public static async Task<JsonObject> ReadBodyAsync(HttpRequest request, CancellationToken ct)
    {
        using var buffer = new PooledBufferWriter();
        try
        {
            if (!await buffer.ReadFromAsync(request.Body, MaxBodyBytes, ct))
            {
                throw ServingException.Invalid($"The request body is larger than {MaxBodyBytes} bytes.");
            }

            if (buffer.WrittenCount == 0)
            {
                throw new ServingException(ErrorCode.BadRequest, "The request body is empty; a JSON object was expected.");
            }

            try
            {
                var body = JsonNode.Parse(buffer.WrittenMemory.Span) as JsonObject
                    ?? throw new ServingException(ErrorCode.BadRequest, "The request body must be a JSON object.");

                // Names the field only, so it quotes nothing of a value either.
                WellFormedText.Require(body);
                return body;
            }
            catch (JsonException error)
            {
                throw new ServingException(ErrorCode.BadRequest,
                    $"Malformed JSON at line {(error.LineNumber ?? 0) + 1}, column {(error.BytePositionInLine ?? 0) + 1}.");
            }
        }
        finally
        {
            // The pooled array goes back to the shared pool; it must not carry a value there.
            ZeroWritten(buffer);
        }
    }

    public static string Scope(string? value) =>
        SecretNames.IsValidScope(value) ? value! : throw ServingException.Invalid(
            $"scope must be 1 to {SecretNames.MaxLength} letters, digits, '-', '_', '.' or '@'.");

    public static string Key(string? value) =>
        SecretNames.IsValidKey(value) ? value! : throw ServingException.Invalid(
            $"key must be 1 to {SecretNames.MaxLength} letters, digits, '-', '_' or '.'.");

    public static string Principal(string? value) =>
        value is { Length: > 0 and <= 256 } && !value.Any(char.IsControl)
            ? value
            : throw ServingException.Invalid("principal must name a user, a group or a service principal.");

    public static SecretPermission Permission(string? value) =>
        SecretPermissionNames.TryParse(value, out var permission)
            ? permission
            : throw ServingException.Invalid("permission must be READ, WRITE or MANAGE.");

    /// <summary>The value's bytes from exactly one of <c>string_value</c> (UTF-8) and <c>bytes_value</c> (base64).</summary>
    public static byte[] Value(JsonObject body)
    {
        var text = JsonBody.OptionalString(body, "string_value");
        var encoded = JsonBody.OptionalString(body, "bytes_value");
        if ((text is null) == (encoded is null))
        {
            throw ServingException.Invalid("Exactly one of string_value and bytes_value must be given.");
        }

        byte[] value;
        if (text is not null)
        {
            value = System.Text.Encoding.UTF8.GetBytes(text);
        }
        else
        {
            try
            {
                value = Convert.FromBase64String(encoded!);
            }
            catch (FormatException)
            {
                throw ServingException.Invalid("bytes_value must be base64.");
            }
        }

        if (value.Length > MaxValueBytes)
        {
            var size = value.Length;
            CryptographicOperations.ZeroMemory(value);
            throw ServingException.Invalid($"The secret value is {size} bytes; at most {MaxValueBytes} are allowed.");
        }

        return value;
    }

    private static void ZeroWritten(PooledBufferWriter buffer)
    {
        if (buffer.WrittenCount > 0 && System.Runtime.InteropServices.MemoryMarshal.TryGetArray(buffer.WrittenMemory, out var written))
        {
            CryptographicOperations.ZeroMemory(written.AsSpan());
        }
    }
}
