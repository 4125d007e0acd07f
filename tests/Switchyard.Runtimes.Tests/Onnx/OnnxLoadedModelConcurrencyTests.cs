using System.Globalization;
using Switchyard.Runtimes.Tests.Common;
using Switchyard.SampleModels;

namespace Switchyard.Runtimes.Tests.Onnx;

/// <summary>One session serves many threads at once.</summary>
[Collection(ModelsCollection.Name)]
public sealed class OnnxLoadedModelConcurrencyTests(ModelsFixture models)
{
    [Fact]
    public void Score_ManyThreadsAtOnce_EveryAnswerIsCorrect()
    {
        const int threads = 8;
        const int callsPerThread = 200;
        var failures = 0;

        Parallel.For(0, threads, new ParallelOptions { MaxDegreeOfParallelism = threads }, t =>
        {
            var random = new Random(t);
            for (var call = 0; call < callsPerThread; call++)
            {
                double[] row = [random.Next(-100, 100), random.NextDouble(), random.Next(0, 9), random.NextDouble() * -5];
                var useB = call % 2 == 1;
                var body = "{\"dataframe_split\": {\"columns\": [\"x1\",\"x2\",\"x3\",\"x4\"], \"data\": [["
                    + string.Join(',', Array.ConvertAll(row, static v => v.ToString("R", CultureInfo.InvariantCulture))) + "]]}}";
                var predictions = ScoreCalls.Predictions(useB ? models.ModelB : models.ModelA, body);
                var actual = predictions[0].GetProperty(useB ? "probability" : "variable").GetDouble();
                var expected = useB ? SampleModelLibrary.ExpectedB(row) : SampleModelLibrary.ExpectedA(row);
                if (Math.Abs(expected - actual) > 1e-5 * Math.Max(1, Math.Abs(expected)))
                {
                    Interlocked.Increment(ref failures);
                }
            }
        });

        Assert.Equal(0, failures);
    }
}
