namespace Switchyard.Core.Errors;

/// <summary>
/// The Databricks <c>error_code</c> values this server answers with. The HTTP status of each is
/// decided in one place, at the server's edge (<c>ErrorStatus</c> in Switchyard.Server).
/// </summary>
public enum ErrorCode
{
    InvalidParameterValue,
    BadRequest,
    Unauthenticated,
    PermissionDenied,
    ResourceDoesNotExist,
    NotFound,
    EndpointNotFound,
    ResourceAlreadyExists,
    ResourceConflict,
    RequestLimitExceeded,
    InternalError,
    TemporarilyUnavailable,
}
