using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using Switchyard.Core.Llm;

namespace Switchyard.Providers.Http;

/// <summary>
/// Turns a provider's failure into a <see cref="ProviderException"/>: its own error message when
/// its error JSON has one (OpenAI's and Anthropic's <c>error.message</c>, Databricks' and
/// Cohere's <c>message</c>, …), else a short reason phrase; its Retry-After; and never a key.
/// </summary>
internal static partial class ProviderErrors
{
    /// <summary>Error bodies are read up to this size; a provider's message is short, a proxy's HTML page need not be read whole.</summary>
    public const int BodyCap = 64 * 1024;

    private const int MessageCap = 1000;

    public static async Task<ProviderException> FromAnswerAsync(ProviderCall call, HttpResponseMessage response, CancellationToken ct)
    {
        var status = (int)response.StatusCode;
        string? message = null;
        try
        {
            await using var body = await response.Content.ReadAsStreamAsync(ct);
            var buffer = System.Buffers.ArrayPool<byte>.Shared.Rent(BodyCap);
            try
            {
                var length = 0;
                int read;
                while (length < BodyCap && (read = await body.ReadAsync(buffer.AsMemory(length, BodyCap - length), ct)) > 0)
                {
                    length += read;
                }

                message = MessageOf(buffer.AsSpan(0, length));
            }
            finally
            {
                System.Buffers.ArrayPool<byte>.Shared.Return(buffer);
            }
        }
        catch (Exception e) when (e is IOException or HttpRequestException)
        {
            // The body broke off: the status alone still says what happened.
        }

        message ??= response.ReasonPhrase is { Length: > 0 } reason ? $"HTTP {status} {reason}" : $"HTTP {status}";
        // A 504 is the provider's own deadline passing (Anthropic's timeout_error): a timeout, not an outage.
        return new ProviderException(call.Provider, status, Scrub(message, call.Secrets), RetryAfterOf(response), timedOut: status == 504);
    }

    /// <summary>
    /// The exception to throw for <paramref name="error"/> raised while calling a provider, or null
    /// to let it pass: a cancellation by the caller (client gone) or an exception already translated.
    /// </summary>
    public static Exception? Translate(ProviderCall call, HttpRequestMessage request, Exception error, TimeSpan timeout, CancellationToken callerToken)
    {
        if (error is ProviderException || callerToken.IsCancellationRequested)
        {
            return null;
        }

        var where = request.RequestUri is { } uri ? $"{uri.Host}:{uri.Port}" : "the provider";
        return error switch
        {
            OperationCanceledException => new ProviderException(
                call.Provider, null, $"{call.Provider} did not answer within {timeout.TotalSeconds.ToString("0.###", CultureInfo.InvariantCulture)}s", timedOut: true),
            HttpRequestException { HttpRequestError: HttpRequestError.ConnectionError or HttpRequestError.NameResolutionError or HttpRequestError.SecureConnectionError }
                or HttpRequestException { InnerException: SocketException } => new ProviderException(
                call.Provider, null, $"could not reach {call.Provider} at {where}"),
            HttpRequestException or IOException => new ProviderException(
                call.Provider, null, $"the connection to {call.Provider} at {where} broke off"),
            JsonException => new ProviderException(
                call.Provider, null, $"{call.Provider} answered with JSON this server could not read"),
            _ => null,
        };
    }

    /// <summary>The provider's own message in an error body, or null when it has none.</summary>
    public static string? MessageOf(ReadOnlySpan<byte> body)
    {
        if (body.IsEmpty)
        {
            return null;
        }

        try
        {
            var reader = new Utf8JsonReader(body);
            using var document = JsonDocument.ParseValue(ref reader);
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                return null;
            }

            // OpenAI and Anthropic: {"error": {"message": …}}; some servers send {"error": "…"}.
            if (root.TryGetProperty("error", out var error))
            {
                if (error.ValueKind == JsonValueKind.Object && Text(error, "message") is { } nested)
                {
                    return Shorten(nested);
                }

                if (error.ValueKind == JsonValueKind.String)
                {
                    return Shorten(error.GetString()!);
                }
            }

            // Databricks and Cohere: {"message": …}; FastAPI-style servers: {"detail": …}.
            return (Text(root, "message") ?? Text(root, "detail")) is { } flat ? Shorten(flat) : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static TimeSpan? RetryAfterOf(HttpResponseMessage response)
    {
        // OpenAI also sends milliseconds, which are finer than Retry-After's whole seconds.
        if (response.Headers.TryGetValues("retry-after-ms", out var values)
            && double.TryParse(values.FirstOrDefault(), NumberStyles.Float, CultureInfo.InvariantCulture, out var ms) && ms >= 0)
        {
            return TimeSpan.FromMilliseconds(ms);
        }

        var retryAfter = response.Headers.RetryAfter;
        if (retryAfter?.Delta is { } delta)
        {
            return delta;
        }

        return retryAfter?.Date is { } date ? Max(date - DateTimeOffset.UtcNow, TimeSpan.Zero) : null;
    }

    private static TimeSpan Max(TimeSpan a, TimeSpan b) => a > b ? a : b;

    private static string? Text(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    private static string Shorten(string message) => message.Length <= MessageCap ? message : message[..MessageCap] + "…";

    /// <summary>Removes this client's secret values, and anything shaped like an API key, from a provider's message.</summary>
    internal static string Scrub(string message, IReadOnlyList<string> secrets)
    {
        var scrubbed = new StringBuilder(message);
        foreach (var secret in secrets)
        {
            if (secret.Length >= 4)
            {
                scrubbed.Replace(secret, "***");
            }
        }

        return KeyShape().Replace(scrubbed.ToString(), "***");
    }

    // Keys as providers echo them in errors, masked or not ("Incorrect API key provided: sk-abc***xyz").
    [GeneratedRegex(@"\b(?:sk-|dapi)[A-Za-z0-9_*\-]{6,}")]
    private static partial Regex KeyShape();
}
