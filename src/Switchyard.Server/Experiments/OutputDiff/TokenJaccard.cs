namespace Switchyard.Server.Experiments.OutputDiff;

/// <summary>
/// Text similarity: the Jaccard index of the two texts' token sets, |A ∩ B| / |A ∪ B|, where a token
/// is a run of letters or digits, lower-cased (invariant). 1 for the same words in any order, 0 for
/// no word in common; two texts without a token are alike (1). Linear in the texts' length, so long
/// LLM answers cost no more than reading them, unlike an edit distance.
/// </summary>
public static class TokenJaccard
{
    public static double Of(string a, string b)
    {
        var left = Tokens(a);
        var right = Tokens(b);
        if (left.Count == 0 && right.Count == 0)
        {
            return 1;
        }

        var shared = 0;
        foreach (var token in left)
        {
            if (right.Contains(token))
            {
                shared++;
            }
        }

        return (double)shared / (left.Count + right.Count - shared);
    }

    public static HashSet<string> Tokens(string text)
    {
        var tokens = new HashSet<string>(StringComparer.Ordinal);
        var start = -1;
        for (var i = 0; i <= text.Length; i++)
        {
            var inToken = i < text.Length && char.IsLetterOrDigit(text[i]);
            if (inToken && start < 0)
            {
                start = i;
            }
            else if (!inToken && start >= 0)
            {
                tokens.Add(text[start..i].ToLowerInvariant());
                start = -1;
            }
        }

        return tokens;
    }
}
