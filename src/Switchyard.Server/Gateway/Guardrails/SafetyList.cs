using System.Reflection;

namespace Switchyard.Server.Gateway.Guardrails;

/// <summary>
/// What <c>safety: true</c> checks here: a list of clearly unsafe phrases grouped by category
/// (violence, weapons, self-harm, …). The server ships one (<c>SafetyList.txt</c>, embedded);
/// <c>Switchyard:SafetyListPath</c> names a file that replaces it. A text containing a phrase is
/// refused naming the category, never the phrase. This is a keyword list, not a classifier: it
/// finds the phrases it lists and nothing else, which the docs say plainly.
/// </summary>
public sealed class SafetyList
{
    private const string ResourceName = "Switchyard.Server.Gateway.Guardrails.SafetyList.txt";

    private SafetyList(IReadOnlyList<(string Category, IReadOnlyList<string> Phrases)> categories)
    {
        Categories = categories;
        Matcher = new PhraseMatcher(categories);
    }

    /// <summary>The categories in the order the list gives them, each with its phrases.</summary>
    public IReadOnlyList<(string Category, IReadOnlyList<string> Phrases)> Categories { get; }

    internal PhraseMatcher Matcher { get; }

    /// <summary>The list shipped with the server.</summary>
    public static SafetyList Builtin()
    {
        using var stream = typeof(SafetyList).Assembly.GetManifestResourceStream(ResourceName)
            ?? throw new InvalidOperationException($"The server's safety list ({ResourceName}) is missing from its assembly.");
        using var reader = new StreamReader(stream);
        return Parse(reader.ReadToEnd(), "the built-in safety list");
    }

    /// <summary>The list in <paramref name="path"/>; a malformed one throws naming the file and line.</summary>
    public static SafetyList FromFile(string path) => Parse(File.ReadAllText(path), path);

    /// <summary>Reads the list format: comments, <c>[category]</c> headers, one phrase a line.</summary>
    public static SafetyList Parse(string text, string source)
    {
        var categories = new List<(string, IReadOnlyList<string>)>();
        List<string>? phrases = null;
        var number = 0;
        foreach (var raw in text.Split('\n'))
        {
            number++;
            var line = raw.Trim();
            if (line.Length == 0 || line[0] == '#')
            {
                continue;
            }

            if (line[0] == '[')
            {
                if (line[^1] != ']' || line.Length < 3)
                {
                    throw new InvalidDataException($"{source}, line {number}: a category is written [name].");
                }

                phrases = [];
                categories.Add((line[1..^1].Trim(), phrases));
            }
            else if (phrases is null)
            {
                throw new InvalidDataException($"{source}, line {number}: a phrase comes before any [category].");
            }
            else
            {
                phrases.Add(line);
            }
        }

        if (categories.Count == 0)
        {
            throw new InvalidDataException($"{source} has no [category] with phrases.");
        }

        return new SafetyList(categories);
    }
}
