using Switchyard.Cli.Arguments;
using Switchyard.Cli.Hosting;
using Switchyard.Cli.Http;
using Switchyard.Cli.Output;

namespace Switchyard.Cli.Commands;

/// <summary>What a running command works with: its arguments, the API, stdout and the environment.</summary>
internal sealed class CommandContext(CommandLine line, IReadOnlyList<string> arguments, ApiClient api, OutputWriter output, CliEnvironment environment)
{
    public CommandLine Line { get; } = line;

    /// <summary>The positionals after the command's two words.</summary>
    public IReadOnlyList<string> Arguments { get; } = arguments;

    public ApiClient Api { get; } = api;

    public OutputWriter Output { get; } = output;

    public CliEnvironment Environment { get; } = environment;

    public TextWriter Error => Environment.Error;

    public CancellationToken Cancellation => CancellationToken.None;

    public string? Argument(int index) => index < Arguments.Count ? Arguments[index] : null;
}
