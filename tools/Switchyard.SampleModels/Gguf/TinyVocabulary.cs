using System.Globalization;

namespace Switchyard.SampleModels.Gguf;

/// <summary>
/// A small SentencePiece-style ("llama") vocabulary: &lt;unk&gt;, &lt;s&gt;, &lt;/s&gt;, the 256 byte
/// tokens, then characters and ▁-prefixed English words, so that ordinary English text tokenizes
/// mostly into words and anything else falls back to bytes.
/// </summary>
public sealed class TinyVocabulary
{
    /// <summary>SentencePiece token type ids as llama.cpp reads tokenizer.ggml.token_type.</summary>
    public const int Normal = 1, Unknown = 2, Control = 3, Byte = 6;

    private static readonly string[] Words =
    [
        "the", "of", "and", "to", "a", "in", "is", "it", "you", "that", "he", "was", "for", "on", "are",
        "with", "as", "I", "his", "they", "be", "at", "one", "have", "this", "from", "or", "had", "by",
        "hot", "word", "but", "what", "some", "we", "can", "out", "other", "were", "all", "there", "when",
        "up", "use", "your", "how", "said", "an", "each", "she", "which", "do", "their", "time", "if",
        "will", "way", "about", "many", "then", "them", "write", "would", "like", "so", "these", "her",
        "long", "make", "thing", "see", "him", "two", "has", "look", "more", "day", "could", "go", "come",
        "did", "number", "sound", "no", "most", "people", "my", "over", "know", "water", "than", "call",
        "first", "who", "may", "down", "side", "been", "now", "find", "any", "new", "work", "part", "take",
        "get", "place", "made", "live", "where", "after", "back", "little", "only", "round", "man", "year",
        "came", "show", "every", "good", "me", "give", "our", "under", "name", "very", "through", "just",
        "form", "sentence", "great", "think", "say", "help", "low", "line", "differ", "turn", "cause",
        "much", "mean", "before", "move", "right", "boy", "old", "too", "same", "tell", "does", "set",
        "three", "want", "air", "well", "also", "play", "small", "end", "put", "home", "read", "hand",
        "port", "large", "spell", "add", "even", "land", "here", "must", "big", "high", "such", "follow",
        "act", "why", "ask", "men", "change", "went", "light", "kind", "off", "need", "house", "picture",
        "try", "us", "again", "animal", "point", "mother", "world", "near", "build", "self", "earth",
        "father", "Hello", "hello", "Hi", "What", "The", "How", "Tell", "story", "model", "question",
        "answer", "please", "thanks", "yes", "weather", "today", "name", "is", "capital", "France", "Paris",
    ];

    private static readonly string[] Fragments =
    [
        "th", "he", "in", "er", "an", "re", "on", "at", "en", "nd", "ti", "es", "or", "te", "of", "ed",
        "is", "it", "al", "ar", "st", "to", "nt", "ng", "se", "ha", "as", "ou", "io", "le", "ve", "co",
        "me", "de", "hi", "ri", "ro", "ic", "ne", "ea", "ra", "ce", "ing", "ion", "ent", "tion", "ly", "s",
    ];

    private TinyVocabulary(List<string> tokens, List<float> scores, List<int> types)
    {
        Tokens = tokens;
        Scores = scores;
        TokenTypes = types;
    }

    /// <summary>The token pieces in id order.</summary>
    public IReadOnlyList<string> Tokens { get; }

    /// <summary>One score per token; longer pieces score higher so merges prefer them.</summary>
    public IReadOnlyList<float> Scores { get; }

    /// <summary>One SentencePiece token type per token.</summary>
    public IReadOnlyList<int> TokenTypes { get; }

    /// <summary>Id of &lt;unk&gt;.</summary>
    public static int UnknownId => 0;

    /// <summary>Id of &lt;s&gt;.</summary>
    public static int BosId => 1;

    /// <summary>Id of &lt;/s&gt;.</summary>
    public static int EosId => 2;

    /// <summary>Builds the vocabulary, with or without the 256 byte tokens.</summary>
    public static TinyVocabulary Build(bool withByteTokens = true)
    {
        var tokens = new List<string>();
        var scores = new List<float>();
        var types = new List<int>();
        var seen = new HashSet<string>(StringComparer.Ordinal);

        void Add(string piece, float score, int type)
        {
            if (seen.Add(piece))
            {
                tokens.Add(piece);
                scores.Add(score);
                types.Add(type);
            }
        }

        Add("<unk>", 0f, Unknown);
        Add("<s>", 0f, Control);
        Add("</s>", 0f, Control);
        if (withByteTokens)
        {
            for (var b = 0; b < 256; b++)
            {
                Add(string.Create(CultureInfo.InvariantCulture, $"<0x{b:X2}>"), 0f, Byte);
            }
        }

        // Scores rise with length and fall slightly with rank, as in a trained SentencePiece model.
        var rank = 0;
        float Score(string piece) => piece.Length - (0.001f * rank++);
        Add("▁", Score("▁"), Normal);
        const string characters = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789.,!?;:'\"-()[]/";
        foreach (var c in characters)
        {
            var piece = c.ToString();
            Add(piece, Score(piece), Normal);
        }

        foreach (var c in "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ")
        {
            var piece = "▁" + c;
            Add(piece, Score(piece), Normal);
        }

        foreach (var fragment in Fragments)
        {
            Add(fragment, Score(fragment), Normal);
        }

        // SentencePiece merges two adjacent pieces only when their join is in the vocabulary, so a
        // word is reachable only if every prefix of it is a piece as well.
        foreach (var word in Words)
        {
            for (var length = 1; length <= word.Length; length++)
            {
                var piece = "▁" + word[..length];
                Add(piece, Score(piece), Normal);
            }
        }

        return new TinyVocabulary(tokens, scores, types);
    }
}
