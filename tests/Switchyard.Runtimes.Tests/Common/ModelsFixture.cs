using Switchyard.Core.Runtimes;
using Switchyard.Runtimes.Onnx;
using Switchyard.SampleModels;
using Switchyard.SampleModels.Mlflow;
using Switchyard.SampleModels.Onnx;

namespace Switchyard.Runtimes.Tests.Common;

/// <summary>
/// Generates and loads every test model once per test run: the two samples, an MLP with a tensor
/// signature, and small graphs for the multi-input cases.
/// </summary>
public sealed class ModelsFixture : IDisposable
{
    public const int MlpInputs = 16;
    public const int MlpOutputs = 4;

    private readonly TempDirectory _directory = new();
    private readonly List<ILoadedModel> _loaded = [];

    public ModelsFixture()
    {
        var runtime = new OnnxModelRuntime();
        SampleModelLibrary.WriteModelA(_directory.Combine("model-a"));
        SampleModelLibrary.WriteModelB(_directory.Combine("model-b"));
        SampleModelLibrary.WriteMlp(_directory.Combine("mlp"), MlpInputs, 32, MlpOutputs, seed: 7);
        WritePairColumns(_directory.Combine("pair"));
        WriteMixedColumns(_directory.Combine("mixed"));
        WriteTensorPair(_directory.Combine("tensor-pair"));

        ModelA = Load(runtime, "model-a");
        ModelB = Load(runtime, "model-b");
        Mlp = Load(runtime, "mlp");
        Pair = Load(runtime, "pair");
        Mixed = Load(runtime, "mixed");
        TensorPair = Load(runtime, "tensor-pair");
    }

    public ILoadedModel ModelA { get; }

    public ILoadedModel ModelB { get; }

    /// <summary>input float32 [-1, 16] → output float32 [-1, 4], tensor signature.</summary>
    public ILoadedModel Mlp { get; }

    /// <summary>Inputs a, b float32 [N, 1] from double columns a, b; output sum = a + b.</summary>
    public ILoadedModel Pair { get; }

    /// <summary>Inputs n int64 [N] (long column) and x float64 [N] (double column); output total = n + x, float64 [N].</summary>
    public ILoadedModel Mixed { get; }

    /// <summary>Tensor signature a, b float32 [-1, 2]; output c = a + b.</summary>
    public ILoadedModel TensorPair { get; }

    public void Dispose()
    {
        foreach (var model in _loaded)
        {
            model.Dispose();
        }

        _directory.Dispose();
    }

    private ILoadedModel Load(OnnxModelRuntime runtime, string name)
    {
        var model = runtime.Load(_directory.Combine(name));
        _loaded.Add(model);
        return model;
    }

    private static void WritePairColumns(string directory)
    {
        var model = new OnnxGraphBuilder("pair")
            .Input("a", OnnxGraphBuilder.Float, null, 1)
            .Input("b", OnnxGraphBuilder.Float, null, 1)
            .Output("sum", OnnxGraphBuilder.Float, null, 1)
            .Node("Add", "Add", ["a", "b"], ["sum"])
            .Build("tests");
        MlflowModelDirectory.Write(directory, model, "00000000000000000000000000000001",
            "[{\"type\": \"double\", \"name\": \"a\", \"required\": true}, {\"type\": \"double\", \"name\": \"b\", \"required\": true}]",
            "[{\"type\": \"tensor\", \"tensor-spec\": {\"dtype\": \"float32\", \"shape\": [-1, 1]}, \"name\": \"sum\"}]");
    }

    private static void WriteMixedColumns(string directory)
    {
        var model = new OnnxGraphBuilder("mixed")
            .Input("n", OnnxGraphBuilder.Int64, [null])
            .Input("x", OnnxGraphBuilder.Double, [null])
            .Output("total", OnnxGraphBuilder.Double, [null])
            .Node("Cast", "Cast", ["n"], ["n_double"], ("to", OnnxGraphBuilder.Double))
            .Node("Add", "Add", ["n_double", "x"], ["total"])
            .Build("tests");
        MlflowModelDirectory.Write(directory, model, "00000000000000000000000000000002",
            "[{\"type\": \"long\", \"name\": \"n\", \"required\": true}, {\"type\": \"double\", \"name\": \"x\", \"required\": true}]",
            "[{\"type\": \"tensor\", \"tensor-spec\": {\"dtype\": \"float64\", \"shape\": [-1]}, \"name\": \"total\"}]");
    }

    private static void WriteTensorPair(string directory)
    {
        var model = new OnnxGraphBuilder("tensor_pair")
            .Input("a", OnnxGraphBuilder.Float, null, 2)
            .Input("b", OnnxGraphBuilder.Float, null, 2)
            .Output("c", OnnxGraphBuilder.Float, null, 2)
            .Node("Add", "Add", ["a", "b"], ["c"])
            .Build("tests");
        const string spec = "{\"type\": \"tensor\", \"tensor-spec\": {\"dtype\": \"float32\", \"shape\": [-1, 2]}, \"name\": \"";
        MlflowModelDirectory.Write(directory, model, "00000000000000000000000000000003",
            "[" + spec + "a\"}, " + spec + "b\"}]", "[" + spec + "c\"}]");
    }
}
