using Switchyard.Cli.Hosting;

namespace Switchyard.Cli;

/// <summary>The process entry point: the real console, environment and clock.</summary>
public static class Program
{
    /// <summary>Runs one command and answers its exit code.</summary>
    public static Task<int> Main(string[] args) => CliApp.RunAsync(args, CliEnvironment.FromProcess());
}
