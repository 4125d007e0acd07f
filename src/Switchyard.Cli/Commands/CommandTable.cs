using Switchyard.Cli.Endpoints;
using Switchyard.Cli.Models;
using Switchyard.Cli.Secrets;
using Switchyard.Cli.Tokens;

namespace Switchyard.Cli.Commands;

/// <summary>Every command, grouped as the Databricks CLI groups them.</summary>
internal static class CommandTable
{
    public static IReadOnlyList<CommandSpec> All { get; } =
    [
        .. EndpointCommands.All,
        .. EndpointExtraCommands.All,
        .. ExperimentCommands.All,
        .. RolloutCommands.All,
        .. ModelCommands.All,
        .. SecretCommands.All,
        .. TokenCommands.All,
        .. ConfigHistoryCommands.All,
    ];

    public static IEnumerable<string> Groups => All.Select(static c => c.Group).Distinct();

    public static CommandSpec? Find(string group, string verb) =>
        All.FirstOrDefault(c => c.Group == group && c.Verb == verb);
}
