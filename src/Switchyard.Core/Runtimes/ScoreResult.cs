using Switchyard.Core.Errors;

namespace Switchyard.Core.Runtimes;

/// <summary>The outcome of one scoring call: success, or the error code and a message naming the fault.</summary>
public readonly record struct ScoreResult(ErrorCode? Error, string? Message)
{
    public static ScoreResult Ok => default;

    public bool Succeeded => Error is null;

    public static ScoreResult BadInput(string message) => new(ErrorCode.BadRequest, message);

    public static ScoreResult Failed(string message) => new(ErrorCode.InternalError, message);
}
