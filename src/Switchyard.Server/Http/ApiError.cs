using System.Text.Json;
using Switchyard.Core.Errors;

namespace Switchyard.Server.Http;

/// <summary>Writes <c>{"error_code": …, "message": …}</c> with the status of its code.</summary>
public static class ApiError
{
    public static async Task WriteAsync(HttpContext context, ErrorCode code, string message, int? retryAfterSeconds = null)
    {
        var response = context.Response;
        response.StatusCode = ErrorStatus.Of(code);
        response.ContentType = "application/json";
        if (retryAfterSeconds is { } seconds)
        {
            response.Headers.RetryAfter = seconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
        }

        await using var writer = new Utf8JsonWriter(response.BodyWriter);
        writer.WriteStartObject();
        writer.WriteString("error_code"u8, code.ToWire());
        writer.WriteString("message"u8, message);
        writer.WriteEndObject();
        await writer.FlushAsync(context.RequestAborted);
    }

    /// <summary>An <see cref="IResult"/> form, for route handlers that answer an error directly.</summary>
    public static IResult Result(ErrorCode code, string message) => new ErrorResult(code, message);

    private sealed class ErrorResult(ErrorCode code, string message) : IResult
    {
        public Task ExecuteAsync(HttpContext httpContext) => WriteAsync(httpContext, code, message);
    }
}
