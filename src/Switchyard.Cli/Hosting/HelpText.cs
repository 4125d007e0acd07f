using Switchyard.Cli.Commands;

namespace Switchyard.Cli.Hosting;

/// <summary>The <c>--help</c> pages, written from the command table so they cannot drift from it.</summary>
internal static class HelpText
{
    private const string Connection = """
        Connection (the first that is set wins):
          --host URL / --token TOKEN      flags
          DATABRICKS_HOST / DATABRICKS_TOKEN
          a profile of the config file: --profile NAME (or DATABRICKS_CONFIG_PROFILE, else DEFAULT)
          in DATABRICKS_CONFIG_FILE, else ~/.databrickscfg ([PROFILE] sections with host = …, token = …)
        Global options: --output text|json (-o), --profile NAME (-p), --host URL, --token TOKEN, --help (-h)
        """;

    public static void General(TextWriter output)
    {
        output.WriteLine("switchyard: command-line client for a Switchyard model serving server (Databricks-compatible REST API).");
        output.WriteLine();
        output.WriteLine("Usage: switchyard GROUP COMMAND [ARGUMENTS] [OPTIONS]");
        foreach (var group in CommandTable.Groups)
        {
            output.WriteLine();
            Group(output, group, header: false);
        }

        output.WriteLine();
        output.WriteLine(Connection);
        output.WriteLine();
        output.WriteLine(ExitCodes.Description);
    }

    public static void Group(TextWriter output, string group, bool header = true)
    {
        if (header)
        {
            output.WriteLine($"Usage: switchyard {group} COMMAND [ARGUMENTS] [OPTIONS]");
            output.WriteLine();
        }

        output.WriteLine($"{group}:");
        foreach (var command in CommandTable.All.Where(c => c.Group == group))
        {
            output.WriteLine($"  {command.Verb,-24}{command.Summary}");
        }
    }

    public static void Command(TextWriter output, CommandSpec command)
    {
        output.WriteLine($"Usage: {command.Usage}{string.Concat(command.Options.Select(static o => $" [--{o}]"))}");
        output.WriteLine();
        output.WriteLine(command.Summary);
        output.WriteLine();
        output.WriteLine(Connection);
        output.WriteLine();
        output.WriteLine(ExitCodes.Description);
    }
}
