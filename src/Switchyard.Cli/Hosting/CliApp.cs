using Switchyard.Cli.Arguments;
using Switchyard.Cli.Commands;
using Switchyard.Cli.Connection;
using Switchyard.Cli.Http;
using Switchyard.Cli.Output;

namespace Switchyard.Cli.Hosting;

/// <summary>
/// Runs one invocation: parse, check the command and its options, resolve the connection, run,
/// and turn any failure into one <c>Error: …</c> line on stderr and its exit code.
/// </summary>
public static class CliApp
{
    /// <summary>Runs <paramref name="args"/> against <paramref name="environment"/> and answers the exit code.</summary>
    public static async Task<int> RunAsync(string[] args, CliEnvironment environment)
    {
        try
        {
            return await RunCoreAsync(args, environment);
        }
        catch (CliException failure)
        {
            environment.Error.WriteLine($"Error: {failure.Message}");
            return failure.ExitCode;
        }
        catch (Exception unexpected) when (unexpected is IOException or UnauthorizedAccessException or InvalidOperationException)
        {
            environment.Error.WriteLine($"Error: {unexpected.Message}");
            return ExitCodes.Other;
        }
    }

    private static async Task<int> RunCoreAsync(string[] args, CliEnvironment environment)
    {
        var line = CommandLine.Parse(args);
        var words = line.Positionals;
        var help = line.Switch("help");
        if (words.Count == 0 || (words.Count == 1 && words[0] == "help"))
        {
            HelpText.General(help || words.Count == 1 ? environment.Out : environment.Error);
            return help || words.Count == 1 ? ExitCodes.Ok : ExitCodes.Usage;
        }

        if (!CommandTable.Groups.Contains(words[0]))
        {
            throw CliException.Usage($"Unknown command group '{words[0]}'; groups: {string.Join(", ", CommandTable.Groups)}. See switchyard --help.");
        }

        if (words.Count == 1)
        {
            HelpText.Group(help ? environment.Out : environment.Error, words[0]);
            return help ? ExitCodes.Ok : ExitCodes.Usage;
        }

        var command = CommandTable.Find(words[0], words[1])
            ?? throw CliException.Usage($"Unknown command '{words[0]} {words[1]}'. See switchyard {words[0]} --help.");
        if (help)
        {
            HelpText.Command(environment.Out, command);
            return ExitCodes.Ok;
        }

        var arguments = words.Skip(2).ToList();
        Check(command, line, arguments);
        var output = OutputWriter.For(line.Option("output"), environment.Out);
        var settings = ConnectionSettings.Resolve(line, environment);
        using var api = new ApiClient(settings);
        return await command.Run(new CommandContext(line, arguments, api, output, environment));
    }

    private static void Check(CommandSpec command, CommandLine line, List<string> arguments)
    {
        foreach (var name in line.OptionNames)
        {
            if (!command.Options.Contains(name) && !CommandSpec.GlobalOptions.Contains(name))
            {
                throw CliException.Usage($"{command.Group} {command.Verb} has no option --{name}. Usage: {command.Usage}");
            }
        }

        if (arguments.Count < command.MinArguments || arguments.Count > command.MaxArguments)
        {
            throw CliException.Usage($"Usage: {command.Usage}");
        }
    }
}
