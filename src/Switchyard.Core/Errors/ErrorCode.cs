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

    /// <summary>An external provider failed or could not be reached (502; the wire says TEMPORARILY_UNAVAILABLE).</summary>
    ProviderUnavailable,

    /// <summary>An external provider did not answer in time (504).</summary>
    DeadlineExceeded,

    /// <summary>An <c>If-Match</c> named another config version than the current one (412; the wire says RESOURCE_CONFLICT).</summary>
    PreconditionFailed,
}
