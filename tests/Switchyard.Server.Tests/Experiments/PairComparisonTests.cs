using System.Text.Json.Nodes;
using Switchyard.Core.Experiments;
using Switchyard.Server.Experiments.OutputDiff;

namespace Switchyard.Server.Tests.Experiments;

/// <summary>The comparison object from output pairs: each measure on pairs whose answer is known by hand.</summary>
public sealed class PairComparisonTests
{
    private static readonly DateTimeOffset Start = DateTimeOffset.FromUnixTimeMilliseconds(1_700_000_000_000);

    private static OutputPair Pair(
        int i, string baseline, string candidate, int baselineStatus = 200, int candidateStatus = 200, double baselineMs = 1, double candidateMs = 2) =>
        new("ep", "replay:r1", $"req-{i:D4}", Start.AddMilliseconds(i), 1, "a", "b", baselineStatus, candidateStatus, baselineMs, candidateMs,
            baseline, candidate);

    private static JsonObject Compare(params OutputPair[] pairs) => PairComparison.Of(pairs).ToJson();

    private static string Chat(string content, string id = "chatcmpl-1", int created = 1) =>
        new JsonObject
        {
            ["id"] = id, ["object"] = "chat.completion", ["created"] = created, ["model"] = "m",
            ["choices"] = new JsonArray(new JsonObject
            {
                ["index"] = 0, ["message"] = new JsonObject { ["role"] = "assistant", ["content"] = content }, ["finish_reason"] = "stop",
            }),
            ["usage"] = new JsonObject { ["prompt_tokens"] = created, ["completion_tokens"] = 3, ["total_tokens"] = created + 3 },
        }.ToJsonString();

    [Fact]
    public void Every_key_is_there_and_null_when_there_are_no_pairs()
    {
        var json = Compare();
        Assert.Equal(0, (int)json["pairs"]!);
        foreach (var key in new[] { "exact_match_rate", "numeric", "label_flip_rate", "text_similarity", "latency_ms", "error_rate" })
        {
            Assert.True(json.ContainsKey(key), key);
            Assert.Null(json[key]);
        }
    }

    [Fact]
    public void Exact_match_is_equality_after_json_normalisation()
    {
        var json = Compare(
            Pair(0, """{"predictions": [1, 2.0]}""", """{ "predictions" : [1.0, 2e0] }"""),
            Pair(1, """{"predictions": [{"a": 1, "b": "x"}]}""", """{"predictions": [{"b": "x", "a": 1}]}"""),
            Pair(2, """{"predictions": [1]}""", """{"predictions": [2]}"""),
            Pair(3, "plain text", "plain text"));
        Assert.Equal(0.75, (double)json["exact_match_rate"]!);
    }

    [Fact]
    public void Llm_answers_match_on_their_text_not_on_ids_timestamps_or_usage()
    {
        var json = Compare(Pair(0, Chat("Hi there", "a", 1), Chat("Hi there", "b", 99)));
        Assert.Equal(1.0, (double)json["exact_match_rate"]!);
        Assert.Equal(1.0, (double)json["text_similarity"]!["mean"]!);
    }

    [Fact]
    public void Numeric_deltas_pair_numbers_by_position_with_nearest_rank_quantiles()
    {
        // 100 scores: the i-th pair differs by i/100 in its one value (0.00 … 0.99).
        var pairs = Enumerable.Range(0, 100)
            .Select(i => Pair(i, $$"""{"predictions": [{"score": 1.5}]}""", $$"""{"predictions": [{"score": {{1.5 + (i / 100.0)}}}]}"""))
            .ToArray();
        var numeric = Compare(pairs)["numeric"]!;
        Assert.Equal(100, (int)numeric["values"]!);
        Assert.Equal(0.49, (double)numeric["abs_delta_p50"]!, 1e-9);
        Assert.Equal(0.98, (double)numeric["abs_delta_p99"]!, 1e-9);
        Assert.Null(Compare(pairs)["label_flip_rate"]);
    }

    [Fact]
    public void Lists_of_lists_and_embeddings_pair_every_value()
    {
        var matrix = Compare(Pair(0, """{"predictions": [[0.5, 1.5], [2.5, 3.5]]}""", """{"predictions": [[0.5, 1.0], [2.5, 3.5]]}"""));
        Assert.Equal(4, (int)matrix["numeric"]!["values"]!);
        Assert.Equal(0.5, (double)matrix["numeric"]!["abs_delta_p99"]!);

        var embeddings = Compare(Pair(0,
            """{"object": "list", "data": [{"embedding": [0.25, 0.5], "index": 0}], "usage": {"prompt_tokens": 1}}""",
            """{"object": "list", "data": [{"embedding": [0.25, 0.75], "index": 0}], "usage": {"prompt_tokens": 2}}"""));
        Assert.Equal(2, (int)embeddings["numeric"]!["values"]!);
        Assert.Equal(0.25, (double)embeddings["numeric"]!["abs_delta_p99"]!);
        Assert.Equal(0.0, (double)embeddings["exact_match_rate"]!);
    }

    [Fact]
    public void Label_flips_count_string_and_integer_class_predictions()
    {
        var json = Compare(
            Pair(0, """{"predictions": ["cat", "dog", "cat", "bird"]}""", """{"predictions": ["cat", "cat", "cat", "bird"]}"""),
            Pair(1, """{"predictions": [0, 1, 2, 1]}""", """{"predictions": [0, 1, 2, 2]}"""));
        // 8 labels, 2 flipped; whole numbers are class ids, not scores.
        Assert.Equal(0.25, (double)json["label_flip_rate"]!);
        Assert.Null(json["numeric"]);
    }

    [Fact]
    public void Text_similarity_is_the_token_jaccard_of_llm_texts()
    {
        Assert.Equal(1.0, TokenJaccard.Of("The cat sat.", "sat, the CAT"));
        Assert.Equal(0.5, TokenJaccard.Of("a b c", "a b d"));
        Assert.Equal(0.0, TokenJaccard.Of("a", "b"));
        Assert.Equal(1.0, TokenJaccard.Of("", "..."));

        var json = Compare(
            Pair(0, Chat("a b c"), Chat("a b d")),
            Pair(1, Chat("x"), Chat("x")),
            Pair(2, """{"choices": [{"text": "a"}]}""", """{"choices": [{"text": "b"}]}"""));
        var similarity = json["text_similarity"]!;
        Assert.Equal(0.5, (double)similarity["mean"]!, 1e-12);
        Assert.Equal(0.5, (double)similarity["p50"]!);
    }

    [Fact]
    public void Failed_sides_count_in_error_rate_and_are_left_out_of_the_output_measures()
    {
        var pairs = new List<OutputPair>();
        for (var i = 0; i < 100; i++)
        {
            // The candidate fails 10 in 100, the baseline never; the failed pairs' outputs differ but do not count.
            pairs.Add(i < 10
                ? Pair(i, """{"predictions": [1]}""", """{"error_code": "INTERNAL_ERROR", "message": "boom"}""", candidateStatus: 500)
                : Pair(i, """{"predictions": [1]}""", """{"predictions": [1]}"""));
        }

        var json = Compare([.. pairs]);
        Assert.Equal(100, (int)json["pairs"]!);
        Assert.Equal(1.0, (double)json["exact_match_rate"]!);
        var errors = json["error_rate"]!;
        Assert.Equal(0.0, (double)errors["baseline"]!);
        Assert.Equal(0.1, (double)errors["candidate"]!, 1e-12);
        Assert.Equal(0.1, (double)errors["delta"]!, 1e-12);
        var ci = errors["delta_ci"]!.AsArray();
        // Wald, unpooled: 0.1 ± 1.96·√(0.1·0.9/100).
        Assert.Equal(0.1 - (1.959963984540054 * 0.03), (double)ci[0]!, 1e-6);
        Assert.Equal(0.1 + (1.959963984540054 * 0.03), (double)ci[1]!, 1e-6);
    }

    [Fact]
    public void Latency_delta_is_welch_over_the_pairs_both_sides_answered()
    {
        var pairs = new List<OutputPair>();
        for (var i = 0; i < 200; i++)
        {
            // Baseline 1 or 3 ms (mean 2), candidate 2 or 6 ms (mean 4); one failed pair at 1000 ms must not count.
            pairs.Add(Pair(i, "x", "x", baselineMs: i % 2 == 0 ? 1 : 3, candidateMs: i % 2 == 0 ? 2 : 6));
        }

        pairs.Add(Pair(200, "x", "x", candidateStatus: 503, baselineMs: 1000, candidateMs: 1000));
        var latency = Compare([.. pairs])["latency_ms"]!;
        Assert.Equal(1.0, (double)latency["baseline_p50"]!);
        Assert.Equal(3.0, (double)latency["baseline_p99"]!);
        Assert.Equal(2.0, (double)latency["candidate_p50"]!);
        Assert.Equal(6.0, (double)latency["candidate_p99"]!);
        Assert.Equal(2.0, (double)latency["delta_mean"]!, 1e-12);
        var expected = Statistics.Welch(
            SampleSummary.Of([.. Enumerable.Range(0, 200).Select(i => i % 2 == 0 ? 1.0 : 3.0)]),
            SampleSummary.Of([.. Enumerable.Range(0, 200).Select(i => i % 2 == 0 ? 2.0 : 6.0)]));
        var ci = latency["delta_ci"]!.AsArray();
        Assert.Equal(expected.CiLow, (double)ci[0]!, 1e-12);
        Assert.Equal(expected.CiHigh, (double)ci[1]!, 1e-12);
        Assert.True((double)ci[0]! > 1.5 && (double)ci[1]! < 2.5);
    }

    [Fact]
    public void The_same_pairs_in_any_order_give_byte_identical_json()
    {
        var random = new Random(7);
        var pairs = Enumerable.Range(0, 300).Select(i => Pair(
            i, $$"""{"predictions": [{{random.NextDouble()}}, "c{{random.Next(3)}}"]}""", $$"""{"predictions": [{{random.NextDouble()}}, "c{{random.Next(3)}}"]}""",
            candidateStatus: random.Next(20) == 0 ? 500 : 200, baselineMs: random.NextDouble() * 10, candidateMs: random.NextDouble() * 10)).ToArray();
        var first = PairComparison.Of(pairs);
        var shuffled = PairComparison.Of([.. pairs.OrderBy(_ => random.Next())]);
        Assert.Equal(first.ToJson().ToJsonString(), shuffled.ToJson().ToJsonString());
        Assert.Equal(first.TopDivergences().ToJsonString(), shuffled.TopDivergences().ToJsonString());
    }

    [Fact]
    public void Top_divergences_are_the_least_similar_pairs_with_their_request_ids()
    {
        var pairs = new List<OutputPair>();
        for (var i = 0; i < 30; i++)
        {
            pairs.Add(Pair(i, """{"predictions": ["a", "b", "c", "d"]}""", """{"predictions": ["a", "b", "c", "d"]}"""));
        }

        pairs.Add(Pair(30, """{"predictions": ["a", "b", "c", "d"]}""", """{"predictions": ["a", "x", "c", "d"]}""")); // 0.75
        pairs.Add(Pair(31, """{"predictions": ["a", "b", "c", "d"]}""", """{"predictions": ["x", "x", "x", "x"]}""")); // 0
        pairs.Add(Pair(32, """{"predictions": ["a", "b", "c", "d"]}""", "{}", candidateStatus: 500)); // 0, later
        var top = PairComparison.Of(pairs).TopDivergences();
        Assert.Equal(["req-0031", "req-0032", "req-0030"], top.Select(d => (string)d!["request_id"]!));
        Assert.Equal(0.75, (double)top[2]!["similarity"]!);
        Assert.Equal("""{"predictions": ["a", "x", "c", "d"]}""", (string)top[2]!["replayed"]!);
        Assert.Equal("""{"predictions": ["a", "b", "c", "d"]}""", (string)top[2]!["captured"]!);
    }

    [Fact]
    public void Top_divergences_keep_the_ten_lowest()
    {
        var pairs = Enumerable.Range(0, 40).Select(i => Pair(i, "alpha beta", i % 2 == 0 ? "alpha gamma" : "delta")).ToArray();
        var top = PairComparison.Of(pairs).TopDivergences();
        Assert.Equal(PairComparison.TopDivergenceCount, top.Count);
        Assert.All(top, d => Assert.Equal(0.0, (double)d!["similarity"]!));
        Assert.Equal("req-0001", (string)top[0]!["request_id"]!);
    }

    [Fact]
    public void Outputs_of_different_kinds_never_match()
    {
        var measure = PairMeasure.Of(Pair(0, """{"predictions": [1]}""", Chat("1")));
        Assert.False(measure.ExactMatch);
        Assert.Equal(0, measure.Similarity);
    }
}
