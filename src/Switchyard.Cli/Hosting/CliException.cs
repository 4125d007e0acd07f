namespace Switchyard.Cli.Hosting;

/// <summary>
/// A failure that ends the command: its exit code and the line written to stderr. Thrown rather
/// than returned because it may arise deep in a command and always ends the whole run.
/// </summary>
public sealed class CliException(int exitCode, string message) : Exception(message)
{
    /// <summary>The process exit code (one of <see cref="ExitCodes"/>).</summary>
    public int ExitCode { get; } = exitCode;

    /// <summary>The API's <c>error_code</c> when the failure is the API's answer (RESOURCE_DOES_NOT_EXIST…), else null.</summary>
    public string? ErrorCode { get; init; }

    /// <summary>A usage error: bad arguments, options or settings.</summary>
    public static CliException Usage(string message) => new(ExitCodes.Usage, message);
}
