using System.Text;
using System.Text.RegularExpressions;

namespace Switchyard.Server.Gateway.Guardrails;

/// <summary>
/// Finds whole words or phrases of a list, case-insensitively: "class" is found in "a class." but
/// not in "classic", and the words of a phrase may be any whitespace apart ("do  not"). A word
/// ending in <c>*</c> matches any word starting so ("explosive*" finds "explosives"). Each phrase
/// (or group of phrases, for the safety list's categories) is one group of one regex, so a text is
/// scanned once for the whole list and the group says which phrase or category matched. The regex
/// is compiled: a matcher is built once per config (or once for the safety list) and then serves
/// every query of the endpoint.
/// </summary>
internal sealed class PhraseMatcher
{
    private const string WordCharacter = @"[\p{L}\p{N}_]";

    private readonly Regex _regex;
    private readonly string[] _names;

    /// <param name="groups">Each group's name (a phrase itself, or a category) and its phrases.</param>
    public PhraseMatcher(IReadOnlyList<(string Name, IReadOnlyList<string> Phrases)> groups)
    {
        _names = new string[groups.Count];
        var pattern = new StringBuilder($"(?<!{WordCharacter})(?:");
        for (var g = 0; g < groups.Count; g++)
        {
            _names[g] = groups[g].Name;
            pattern.Append(g == 0 ? "" : "|").Append("(?<g").Append(g).Append('>');
            var added = 0;
            foreach (var phrase in groups[g].Phrases)
            {
                var words = Words(phrase);
                if (words.Length == 0)
                {
                    continue;
                }

                MaxWords = Math.Max(MaxWords, words.Length);
                MaxLength = Math.Max(MaxLength, phrase.Length);
                pattern.Append(added++ == 0 ? "" : "|");
                AppendPhrase(pattern, words);
            }

            // A group of blank phrases matches nothing (an empty alternative would match everywhere).
            pattern.Append(added == 0 ? "(?!))" : ")");
        }

        pattern.Append($")(?!{WordCharacter})");
        _regex = new Regex(pattern.ToString(), RegexOptions.IgnoreCase | RegexOptions.CultureInvariant | RegexOptions.ExplicitCapture | RegexOptions.Compiled);
    }

    /// <summary>Phrases that are each their own group, named by themselves (invalid keywords, valid topics).</summary>
    public static PhraseMatcher Of(IReadOnlyList<string> phrases)
    {
        var groups = new (string, IReadOnlyList<string>)[phrases.Count];
        for (var i = 0; i < phrases.Count; i++)
        {
            groups[i] = (phrases[i], [phrases[i]]);
        }

        return new PhraseMatcher(groups);
    }

    /// <summary>The most words any phrase has: a stream holds back that many words less one, since a phrase may go on in the next chunk.</summary>
    public int MaxWords { get; }

    /// <summary>The longest phrase as written.</summary>
    public int MaxLength { get; }

    /// <summary>The first match starting at or after <paramref name="from"/> (the text before it is seen by the word boundary); Start -1 when none.</summary>
    public (int Start, int Length) FindFrom(ReadOnlySpan<char> text, int from)
    {
        foreach (var match in _regex.EnumerateMatches(text, from))
        {
            return (match.Index, match.Length);
        }

        return (-1, 0);
    }

    /// <summary>
    /// <paramref name="cut"/>, or the start of a match that begins before it and ends after it (a
    /// stream sends no part of a phrase before it knows the whole).
    /// </summary>
    public int PullBack(ReadOnlySpan<char> text, int from, int cut)
    {
        foreach (var match in _regex.EnumerateMatches(text, from))
        {
            if (match.Index >= cut)
            {
                break;
            }

            if (match.Index + match.Length > cut)
            {
                return match.Index;
            }
        }

        return cut;
    }

    /// <summary>The name of the group a match found by <see cref="FindFrom"/> belongs to (read on a refusal only: it allocates).</summary>
    public string NameOf(ReadOnlySpan<char> matched)
    {
        var match = _regex.Match(matched.ToString());
        for (var g = 0; g < _names.Length; g++)
        {
            if (match.Groups[$"g{g}"].Success)
            {
                return _names[g];
            }
        }

        return _names[0];
    }

    private static string[] Words(string phrase) => phrase.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);

    private static void AppendPhrase(StringBuilder pattern, string[] words)
    {
        for (var w = 0; w < words.Length; w++)
        {
            var word = words[w];
            var open = word.Length > 1 && word[^1] == '*';
            pattern.Append(w == 0 ? "" : @"\s+").Append(Regex.Escape(open ? word[..^1] : word));
            if (open)
            {
                pattern.Append(WordCharacter).Append('*');
            }
        }
    }
}
