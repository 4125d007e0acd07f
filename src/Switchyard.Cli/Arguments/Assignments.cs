using System.Globalization;
using Switchyard.Cli.Hosting;

namespace Switchyard.Cli.Arguments;

/// <summary>Reads <c>name=value</c> words, as in <c>split multi-model current=50 challenger=50</c>.</summary>
internal static class Assignments
{
    public static (string Name, string Value) Parse(string word, string what)
    {
        var equals = word.IndexOf('=', StringComparison.Ordinal);
        if (equals <= 0 || equals == word.Length - 1)
        {
            throw CliException.Usage($"'{word}' is not {what} (NAME=VALUE).");
        }

        return (word[..equals], word[(equals + 1)..]);
    }

    /// <summary>Traffic routes in order, each percentage a whole number from 0 to 100.</summary>
    public static List<(string Served, int Percentage)> Routes(IEnumerable<string> words)
    {
        var routes = new List<(string, int)>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var word in words)
        {
            var (name, value) = Parse(word, "a route");
            if (!int.TryParse(value.TrimEnd('%'), NumberStyles.None, CultureInfo.InvariantCulture, out var percentage) || percentage > 100)
            {
                throw CliException.Usage($"The percentage of '{name}' must be a whole number from 0 to 100, not '{value}'.");
            }

            if (!seen.Add(name))
            {
                throw CliException.Usage($"'{name}' is given twice.");
            }

            routes.Add((name, percentage));
        }

        return routes;
    }
}
