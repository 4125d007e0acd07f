using Switchyard.Core.Errors;
using Switchyard.Server.Http;
using Switchyard.Server.Invocations.Pipeline;

namespace Switchyard.Server.Gateway.Capture;

/// <summary>
/// How a query ended, as its caller saw it: the status and the answer's text. A step or driver that
/// refused it answered through <see cref="Invocation.FailAsync"/>; one that threw is answered by
/// <see cref="ApiErrorMiddleware"/> after the capture, so the status and body are the ones that
/// middleware writes for the exception.
/// </summary>
public readonly record struct QueryOutcome(int StatusCode, string? Answer)
{
    /// <summary>nginx's "client closed request": the caller went away before any answer was sent.</summary>
    public const int ClientClosedRequest = 499;

    /// <param name="thrown">What a later step threw, if it did.</param>
    /// <param name="withText">False when only the status is wanted (usage rows): no text is built.</param>
    public static QueryOutcome Of(Invocation invocation, Exception? thrown, bool withText)
    {
        var response = invocation.Context.Response;
        if (thrown is null || response.HasStarted)
        {
            var text = !withText ? null
                : invocation.Error is { } error ? ErrorJson.Of(error.Code, error.Message)
                : invocation.Answer;
            return new(response.StatusCode, text);
        }

        if (thrown is OperationCanceledException && invocation.Context.RequestAborted.IsCancellationRequested)
        {
            return new(ClientClosedRequest, withText ? "" : null);
        }

        var (code, message) = thrown switch
        {
            ServingException serving => (serving.Code, serving.Message),
            BadHttpRequestException bad => (ErrorCode.BadRequest, bad.Message),
            _ => (ErrorCode.InternalError, ApiErrorMiddleware.UnhandledMessage),
        };
        return new(ErrorStatus.Of(code), withText ? ErrorJson.Of(code, message) : null);
    }
}
