using System.Buffers;
using System.Globalization;
using System.Text;
using Switchyard.Core.Endpoints;
using Switchyard.Core.Errors;
using Switchyard.Core.Runtimes;
using Switchyard.Runtimes.Onnx;
using Switchyard.Runtimes.Tests.Common;
using Switchyard.SampleModels;
using Switchyard.SampleModels.Mlflow;
using Switchyard.SampleModels.Onnx;

namespace Switchyard.Runtimes.Tests.Onnx;

/// <summary>
/// Dynamic batching: queries that meet are stacked into one run, and each answer is byte for byte
/// the answer the same query gets from a model that does not batch; bad input stays its own.
/// </summary>
public sealed class OnnxBatchingTests : IDisposable
{
    // Wide enough that a run takes a while (about 200 µs), so queries released together meet.
    private const int Inputs = 1024;
    private readonly TempDirectory _directory = new();
    private readonly OnnxLoadedModel _alone;
    private readonly OnnxLoadedModel _batched;
    private readonly OnnxLoadedModel _eager;

    public OnnxBatchingTests()
    {
        SampleModelLibrary.WriteMlp(_directory.Combine("mlp"), Inputs, 4096, 8, seed: 11);
        var artifact = OnnxArtifact.Read(_directory.Combine("mlp"));
        _alone = OnnxLoadedModel.Load(artifact);
        // A long window and one runner: concurrent queries are sure to share runs.
        _batched = OnnxLoadedModel.Load(artifact, new DynamicBatching(8, TimeSpan.FromMilliseconds(20)), runs: 1);
        // No wait for company, two runners: a batch runs whenever a runner is free.
        _eager = OnnxLoadedModel.Load(artifact, new DynamicBatching(8, TimeSpan.Zero), runs: 2);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void ConcurrentQueries_ShareRuns_AndEachAnswerIsTheUnbatchedAnswer(bool eager)
    {
        var model = eager ? _eager : _batched;
        var random = new Random(5);
        var bodies = Enumerable.Range(0, 48).Select(i => Body(random, rows: 1 + (i % 3), tensorForm: i % 2 == 0 ? "inputs" : "instances")).ToList();

        // Sixteen threads released at once, three queries each: a lone query runs at once, and the
        // others meet while it runs (tasks on a 2-thread pool would mostly run one after another).
        var answers = new (ScoreResult Result, string Text)[bodies.Count];
        using var start = new Barrier(16);
        var threads = Enumerable.Range(0, 16).Select(t => new Thread(() =>
        {
            start.SignalAndWait();
            for (var i = t; i < bodies.Count; i += 16)
            {
                answers[i] = ScoreAsync(model, bodies[i]).GetAwaiter().GetResult();
            }
        })).ToList();
        threads.ForEach(static t => t.Start());
        threads.ForEach(static t => t.Join());

        for (var i = 0; i < bodies.Count; i++)
        {
            var (result, text) = answers[i];
            Assert.True(result.Succeeded, result.Message);
            Assert.Equal(Score(_alone, bodies[i]).Text, text);
        }

        var runs = Metric(model, "batch_runs_total");
        Assert.Equal(bodies.Count, Metric(model, "batched_queries_total"));
        Assert.Equal(bodies.Sum(b => Rows(b)), Metric(model, "batched_rows_total"));
        // With a window and one runner, queries released together meet (a lone query still runs at
        // once, and on a loaded machine threads arrive spread out: 27 runs for 48 queries were seen
        // under a full test run); without a window, whether they meet depends on the scheduler (the
        // answers must be right either way).
        Assert.True(eager || runs <= bodies.Count * 3 / 4, $"{runs} runs for {bodies.Count} concurrent queries");
    }

    [Fact]
    public async Task ALoneQuery_RunsAtOnce_WithoutWaitingOutTheWindow()
    {
        var body = Body(new Random(1), rows: 1, tensorForm: "inputs");
        await ScoreAsync(_batched, body);

        var started = System.Diagnostics.Stopwatch.StartNew();
        for (var i = 0; i < 5; i++)
        {
            await ScoreAsync(_batched, body);
        }

        // Five windows would take at least 100 ms; runs that do not wait take a few.
        Assert.True(started.ElapsedMilliseconds < 100, $"5 lone queries took {started.ElapsedMilliseconds} ms");
    }

    [Fact]
    public async Task BadQueries_AreRefusedAlone_WhileTheirNeighboursAreAnswered()
    {
        var random = new Random(9);
        var good = Enumerable.Range(0, 12).Select(_ => Body(random, rows: 2, tensorForm: "inputs")).ToList();
        const string wrongWidth = """{"inputs": [[1, 2, 3]]}""";
        const string notJson = """{"inputs": [[1, 2""";

        var all = good.Append(wrongWidth).Append(notJson).ToList();
        var answers = await Task.WhenAll(all.Select(body => Task.Run(() => ScoreAsync(_batched, body))));

        for (var i = 0; i < good.Count; i++)
        {
            Assert.Equal(Score(_alone, good[i]).Text, answers[i].Text);
        }

        Assert.Equal((ErrorCode.BadRequest, Score(_alone, wrongWidth).Result.Message), (answers[^2].Result.Error, answers[^2].Result.Message));
        Assert.Equal((ErrorCode.BadRequest, Score(_alone, notJson).Result.Message), (answers[^1].Result.Error, answers[^1].Result.Message));
        Assert.Equal("", answers[^1].Text);
    }

    [Fact]
    public async Task QueriesOfDifferentShapes_RunInSeparateBatches_WithTheirOwnAnswers()
    {
        // Inputs [N, 2] and [N, 3] of the same graph cannot be stacked together.
        var folder = _directory.Combine("relu");
        var graph = new OnnxGraphBuilder("relu")
            .Input("x", OnnxGraphBuilder.Float, null, null)
            .Output("y", OnnxGraphBuilder.Float, null, null)
            .Node("Relu", "Relu", ["x"], ["y"])
            .Build("tests");
        const string spec = "{\"type\": \"tensor\", \"tensor-spec\": {\"dtype\": \"float32\", \"shape\": [-1, -1]}, \"name\": \"";
        MlflowModelDirectory.Write(folder, graph, "00000000000000000000000000000009", "[" + spec + "x\"}]", "[" + spec + "y\"}]");
        using var batched = OnnxLoadedModel.Load(OnnxArtifact.Read(folder), new DynamicBatching(16, TimeSpan.FromMilliseconds(20)), runs: 1);
        using var alone = OnnxLoadedModel.Load(OnnxArtifact.Read(folder));

        var bodies = Enumerable.Range(0, 20).Select(i => i % 2 == 0 ? """{"inputs": [[1, 2], [3, 4]]}""" : """{"inputs": [[1, 2, 3]]}""").ToList();
        var answers = await Task.WhenAll(bodies.Select(body => Task.Run(() => ScoreAsync(batched, body))));

        for (var i = 0; i < bodies.Count; i++)
        {
            Assert.Equal(Score(alone, bodies[i]).Text, answers[i].Text);
        }

        Assert.Contains("[[1,2],[3,4]]", answers[0].Text, StringComparison.Ordinal);
        Assert.Contains("[[1,2,3]]", answers[1].Text, StringComparison.Ordinal);
    }

    [Fact]
    public void AGraphWithAFixedBatchDimension_IsRefused_NamingTheInput()
    {
        var folder = _directory.Combine("fixed");
        var graph = new OnnxGraphBuilder("fixed")
            .Input("a", OnnxGraphBuilder.Float, 1, 2)
            .Output("b", OnnxGraphBuilder.Float, 1, 2)
            .Node("Relu", "Relu", ["a"], ["b"])
            .Build("tests");
        const string spec = "{\"type\": \"tensor\", \"tensor-spec\": {\"dtype\": \"float32\", \"shape\": [1, 2]}, \"name\": \"";
        MlflowModelDirectory.Write(folder, graph, "0000000000000000000000000000000a", "[" + spec + "a\"}]", "[" + spec + "b\"}]");

        var refused = Assert.Throws<ServingException>(() =>
            OnnxLoadedModel.Load(OnnxArtifact.Read(folder), new DynamicBatching(4, TimeSpan.FromMilliseconds(1)), runs: 1));

        Assert.Contains("input 'a' has shape [1, 2]", refused.Message, StringComparison.Ordinal);
        Assert.Contains("dynamic_batching", refused.Message, StringComparison.Ordinal);
    }

    public void Dispose()
    {
        _batched.Dispose();
        _eager.Dispose();
        _alone.Dispose();
        _directory.Dispose();
    }

    private static async Task<(ScoreResult Result, string Text)> ScoreAsync(ILoadedModel model, string body)
    {
        var buffer = new ArrayBufferWriter<byte>();
        var result = await model.ScoreAsync(Encoding.UTF8.GetBytes(body), buffer);
        return (result, Encoding.UTF8.GetString(buffer.WrittenSpan));
    }

    private static (ScoreResult Result, string Text) Score(ILoadedModel model, string body)
    {
        var buffer = new ArrayBufferWriter<byte>();
        var result = model.Score(Encoding.UTF8.GetBytes(body), buffer);
        return (result, Encoding.UTF8.GetString(buffer.WrittenSpan));
    }

    private static double Metric(OnnxLoadedModel model, string name)
    {
        var metrics = new List<ServedMetric>();
        model.Report(metrics);
        return metrics.Single(m => m.Name == name).Value;
    }

    private static string Body(Random random, int rows, string tensorForm)
    {
        var text = new StringBuilder("{\"").Append(tensorForm).Append("\": [");
        for (var r = 0; r < rows; r++)
        {
            text.Append(r == 0 ? "[" : ", [");
            for (var c = 0; c < Inputs; c++)
            {
                text.Append(c == 0 ? "" : ", ").Append((random.NextDouble() * 4 - 2).ToString("R", CultureInfo.InvariantCulture));
            }

            text.Append(']');
        }

        return text.Append("]}").ToString();
    }

    private static int Rows(string body) => body.Split('[').Length - 2;
}
