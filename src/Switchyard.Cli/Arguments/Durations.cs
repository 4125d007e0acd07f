using System.Globalization;
using System.Text.RegularExpressions;
using Switchyard.Cli.Hosting;

namespace Switchyard.Cli.Arguments;

/// <summary>
/// Reads <c>--timeout</c> the way the Databricks CLI writes durations (<c>20m0s</c>, <c>90s</c>,
/// <c>1h</c>), and also plain seconds or <c>hh:mm:ss</c>.
/// </summary>
internal static partial class Durations
{
    public static TimeSpan Parse(string text, string option)
    {
        if (double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var seconds) && seconds > 0)
        {
            return TimeSpan.FromSeconds(seconds);
        }

        if (text.Contains(':', StringComparison.Ordinal) && TimeSpan.TryParse(text, CultureInfo.InvariantCulture, out var span) && span > TimeSpan.Zero)
        {
            return span;
        }

        var match = GoDuration().Match(text);
        if (match.Success && match.Length > 0)
        {
            var total = TimeSpan.Zero;
            foreach (Capture part in match.Groups["part"].Captures)
            {
                var unit = part.Value.TrimStart("0123456789.".ToCharArray());
                var number = double.Parse(part.Value[..^unit.Length], CultureInfo.InvariantCulture);
                total += unit switch
                {
                    "h" => TimeSpan.FromHours(number),
                    "m" => TimeSpan.FromMinutes(number),
                    "s" => TimeSpan.FromSeconds(number),
                    _ => TimeSpan.FromMilliseconds(number),
                };
            }

            if (total > TimeSpan.Zero)
            {
                return total;
            }
        }

        throw CliException.Usage($"--{option} '{text}' is not a duration (for example 20m, 90s, 1h30m).");
    }

    [GeneratedRegex(@"^(?<part>[0-9]+(\.[0-9]+)?(ms|h|m|s))+$")]
    private static partial Regex GoDuration();
}
