namespace Switchyard.Cli.Hosting;

/// <summary>
/// Everything the program takes from its surroundings, so tests can run it in-process with their
/// own streams, variables and home folder instead of the real console.
/// </summary>
public sealed record CliEnvironment(
    TextReader In,
    TextWriter Out,
    TextWriter Error,
    Func<string, string?> Variable,
    string HomeDirectory,
    TimeProvider Time)
{
    /// <summary>How often a waiting command polls the endpoint.</summary>
    public TimeSpan PollInterval { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>The process's own console, environment and home folder.</summary>
    public static CliEnvironment FromProcess() => new(
        Console.In,
        Console.Out,
        Console.Error,
        Environment.GetEnvironmentVariable,
        Environment.GetFolderPath(Environment.SpecialFolder.UserProfile),
        TimeProvider.System);
}
