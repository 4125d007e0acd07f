using Switchyard.Core.Errors;

namespace Switchyard.Server.Http;

/// <summary>
/// Turns a <see cref="ServingException"/> thrown anywhere in a handler into its Databricks error
/// body, unknown failures into INTERNAL_ERROR (logged, never echoed), and unmatched routes into
/// a JSON 404.
/// </summary>
public sealed partial class ApiErrorMiddleware(RequestDelegate next, ILogger<ApiErrorMiddleware> logger)
{
    /// <summary>The message of an unknown failure's INTERNAL_ERROR (the failure itself is logged, never echoed).</summary>
    public const string UnhandledMessage = "The server failed to handle the request; see its log.";

    public async Task InvokeAsync(HttpContext context)
    {
        try
        {
            await next(context);
            if (context.Response.StatusCode == StatusCodes.Status404NotFound && !context.Response.HasStarted
                && context.GetEndpoint() is null)
            {
                await ApiError.WriteAsync(context, ErrorCode.NotFound, $"No API route {context.Request.Method} {context.Request.Path}.");
            }
            else if (context.Response.StatusCode == StatusCodes.Status405MethodNotAllowed && !context.Response.HasStarted)
            {
                await ApiError.WriteAsync(context, ErrorCode.NotFound, $"Method {context.Request.Method} is not allowed on {context.Request.Path}.");
                context.Response.StatusCode = StatusCodes.Status405MethodNotAllowed;
            }
        }
        catch (ServingException error) when (!context.Response.HasStarted)
        {
            await ApiError.WriteAsync(context, error.Code, error.Message);
        }
        catch (BadHttpRequestException error) when (!context.Response.HasStarted)
        {
            await ApiError.WriteAsync(context, ErrorCode.BadRequest, error.Message);
        }
        catch (OperationCanceledException) when (context.RequestAborted.IsCancellationRequested)
        {
            // The client went away; there is no one to answer.
        }
        catch (Exception error) when (!context.Response.HasStarted)
        {
            Log.Unhandled(logger, context.Request.Method, context.Request.Path, error);
            await ApiError.WriteAsync(context, ErrorCode.InternalError, UnhandledMessage);
        }
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 1, Level = LogLevel.Error, Message = "Unhandled failure on {Method} {Path}")]
        public static partial void Unhandled(ILogger logger, string method, string path, Exception error);
    }
}
