using Switchyard.Core.Errors;

namespace Switchyard.Server.Http;

/// <summary>The one table that maps a Databricks error code to its HTTP status.</summary>
public static class ErrorStatus
{
    public static int Of(ErrorCode code) => code switch
    {
        ErrorCode.InvalidParameterValue or ErrorCode.BadRequest => StatusCodes.Status400BadRequest,
        ErrorCode.Unauthenticated => StatusCodes.Status401Unauthorized,
        ErrorCode.PermissionDenied => StatusCodes.Status403Forbidden,
        ErrorCode.ResourceDoesNotExist or ErrorCode.NotFound or ErrorCode.EndpointNotFound => StatusCodes.Status404NotFound,
        ErrorCode.ResourceAlreadyExists or ErrorCode.ResourceConflict => StatusCodes.Status409Conflict,
        ErrorCode.PreconditionFailed => StatusCodes.Status412PreconditionFailed,
        ErrorCode.RequestLimitExceeded => StatusCodes.Status429TooManyRequests,
        ErrorCode.TemporarilyUnavailable => StatusCodes.Status503ServiceUnavailable,
        ErrorCode.ProviderUnavailable => StatusCodes.Status502BadGateway,
        ErrorCode.DeadlineExceeded => StatusCodes.Status504GatewayTimeout,
        _ => StatusCodes.Status500InternalServerError,
    };
}
