using Switchyard.Cli.Hosting;

namespace Switchyard.Cli.Arguments;

/// <summary>
/// The words of one invocation split into positionals, options with values (<c>--name value</c>
/// or <c>--name=value</c>, repeatable) and switches. Which options a command accepts is checked
/// by its <see cref="Commands.CommandSpec"/>, so a typo is an error before anything is sent.
/// </summary>
internal sealed class CommandLine
{
    // Options that take no value; every other option needs one.
    private static readonly HashSet<string> SwitchNames = ["no-wait", "help", "scale-to-zero"];

    private static readonly Dictionary<string, string> ShortNames = new()
    {
        ["-p"] = "profile",
        ["-o"] = "output",
        ["-h"] = "help",
    };

    private readonly Dictionary<string, List<string>> _options = new(StringComparer.Ordinal);
    private readonly HashSet<string> _switches = new(StringComparer.Ordinal);

    private CommandLine()
    {
    }

    public List<string> Positionals { get; } = [];

    public IEnumerable<string> OptionNames => _options.Keys.Concat(_switches);

    public static CommandLine Parse(IReadOnlyList<string> args)
    {
        var line = new CommandLine();
        for (var i = 0; i < args.Count; i++)
        {
            var word = args[i];
            if (word == "--")
            {
                line.Positionals.AddRange(args.Skip(i + 1));
                break;
            }

            string? name = null;
            string? value = null;
            if (ShortNames.TryGetValue(word, out var longName))
            {
                name = longName;
            }
            else if (word.StartsWith("--", StringComparison.Ordinal) && word.Length > 2)
            {
                name = word[2..];
                var equals = name.IndexOf('=', StringComparison.Ordinal);
                if (equals >= 0)
                {
                    value = name[(equals + 1)..];
                    name = name[..equals];
                }
            }

            if (name is null)
            {
                line.Positionals.Add(word);
            }
            else if (SwitchNames.Contains(name))
            {
                if (value is not null)
                {
                    throw CliException.Usage($"--{name} takes no value.");
                }

                line._switches.Add(name);
            }
            else
            {
                if (value is null)
                {
                    if (i + 1 >= args.Count)
                    {
                        throw CliException.Usage($"--{name} needs a value.");
                    }

                    value = args[++i];
                }

                if (!line._options.TryGetValue(name, out var values))
                {
                    line._options[name] = values = [];
                }

                values.Add(value);
            }
        }

        return line;
    }

    public bool Switch(string name) => _switches.Contains(name);

    /// <summary>The option's value; the last one wins when it is given twice, as shells users expect.</summary>
    public string? Option(string name) => _options.TryGetValue(name, out var values) ? values[^1] : null;

    public IReadOnlyList<string> Options(string name) => _options.TryGetValue(name, out var values) ? values : [];
}
