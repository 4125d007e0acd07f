namespace Switchyard.Core.Errors;

/// <summary>The wire spelling of each <see cref="ErrorCode"/>.</summary>
public static class ErrorCodeNames
{
    public static string ToWire(this ErrorCode code) => code switch
    {
        ErrorCode.InvalidParameterValue => "INVALID_PARAMETER_VALUE",
        ErrorCode.BadRequest => "BAD_REQUEST",
        ErrorCode.Unauthenticated => "UNAUTHENTICATED",
        ErrorCode.PermissionDenied => "PERMISSION_DENIED",
        ErrorCode.ResourceDoesNotExist => "RESOURCE_DOES_NOT_EXIST",
        ErrorCode.NotFound => "NOT_FOUND",
        ErrorCode.EndpointNotFound => "ENDPOINT_NOT_FOUND",
        ErrorCode.ResourceAlreadyExists => "RESOURCE_ALREADY_EXISTS",
        ErrorCode.ResourceConflict or ErrorCode.PreconditionFailed => "RESOURCE_CONFLICT",
        ErrorCode.RequestLimitExceeded => "REQUEST_LIMIT_EXCEEDED",
        ErrorCode.TemporarilyUnavailable or ErrorCode.ProviderUnavailable => "TEMPORARILY_UNAVAILABLE",
        ErrorCode.DeadlineExceeded => "DEADLINE_EXCEEDED",
        _ => "INTERNAL_ERROR",
    };
}
