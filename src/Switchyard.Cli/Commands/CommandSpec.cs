namespace Switchyard.Cli.Commands;

/// <summary>
/// One command: its words (<c>serving-endpoints create</c>), the positionals and options it
/// accepts (checked before anything is sent), its help, and what it does.
/// </summary>
internal sealed record CommandSpec(
    string Group,
    string Verb,
    string Arguments,
    string Summary,
    int MinArguments,
    int MaxArguments,
    string[] Options,
    Func<CommandContext, Task<int>> Run)
{
    /// <summary>Options every command accepts.</summary>
    public static readonly string[] GlobalOptions = ["host", "token", "profile", "output", "help"];

    /// <summary>Marks a command that takes any number of trailing arguments.</summary>
    public const int Unbounded = int.MaxValue;

    public string Usage => $"switchyard {Group} {Verb}{(Arguments.Length > 0 ? " " + Arguments : "")}";
}
