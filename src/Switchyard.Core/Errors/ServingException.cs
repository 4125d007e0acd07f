namespace Switchyard.Core.Errors;

/// <summary>
/// A control-plane failure the caller should see as a Databricks error body. The message names
/// what was wrong; it never carries a secret.
/// </summary>
public sealed class ServingException(ErrorCode code, string message) : Exception(message)
{
    public ErrorCode Code { get; } = code;

    public static ServingException Invalid(string message) => new(ErrorCode.InvalidParameterValue, message);

    public static ServingException NotFound(string message) => new(ErrorCode.ResourceDoesNotExist, message);

    public static ServingException AlreadyExists(string message) => new(ErrorCode.ResourceAlreadyExists, message);

    public static ServingException Conflict(string message) => new(ErrorCode.ResourceConflict, message);
}
