using Switchyard.Core.Errors;
using Switchyard.Runtimes.Onnx;
using Switchyard.Runtimes.Tests.Common;
using Switchyard.SampleModels;

namespace Switchyard.Runtimes.Tests.Onnx;

/// <summary>Inspect accepts the samples and names exactly what is wrong with broken folders.</summary>
public sealed class OnnxModelRuntimeInspectTests : IDisposable
{
    private readonly TempDirectory _directory = new();
    private readonly OnnxModelRuntime _runtime = new();

    public void Dispose() => _directory.Dispose();

    [Fact]
    public void Inspect_ShippedModelA_DescribesColumnSignature()
    {
        var description = _runtime.Inspect(RepositoryRoot.Samples("model-a"));

        Assert.Equal("onnx", description.Flavor);
        Assert.False(description.Signature.IsTensorBased);
        Assert.Equal(["x1", "x2", "x3", "x4"], description.Signature.Inputs.Select(static f => f.Name));
        Assert.All(description.Signature.Inputs, static f => Assert.Equal("double", f.Type));
        Assert.All(description.Signature.Inputs, static f => Assert.True(f.Required));
        var output = Assert.Single(description.Signature.Outputs);
        Assert.Equal("variable", output.Name);
        Assert.Equal("float32", output.Type);
        Assert.Equal([-1L, 1L], output.Shape!);
    }

    [Fact]
    public void Inspect_ShippedModelB_NamesProbabilityOutput()
    {
        var description = _runtime.Inspect(RepositoryRoot.Samples("model-b"));

        Assert.Equal("probability", Assert.Single(description.Signature.Outputs).Name);
    }

    [Fact]
    public void Inspect_Mlp_DescribesTensorSignature()
    {
        var folder = _directory.Combine("mlp");
        SampleModelLibrary.WriteMlp(folder, 8, 4, 2, seed: 1);

        var signature = _runtime.Inspect(folder).Signature;

        Assert.True(signature.IsTensorBased);
        var input = Assert.Single(signature.Inputs);
        Assert.Equal("input", input.Name);
        Assert.Equal([-1L, 8L], input.Shape!);
    }

    [Fact]
    public void Inspect_UnloadableModelFile_StillSucceedsBecauseNoSessionIsOpened()
    {
        var folder = ModelAFolder();
        File.WriteAllText(Path.Combine(folder, "model.onnx"), "not a model");

        var description = _runtime.Inspect(folder);

        Assert.Equal("onnx", description.Flavor);
    }

    [Fact]
    public void Load_UnloadableModelFile_ThrowsInvalid()
    {
        var folder = ModelAFolder();
        File.WriteAllText(Path.Combine(folder, "model.onnx"), "not a model");

        var error = Assert.Throws<ServingException>(() => _runtime.Load(folder));

        Assert.Equal(ErrorCode.InvalidParameterValue, error.Code);
        Assert.Contains("ONNX Runtime cannot load the model", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Inspect_MissingFolder_Throws() =>
        AssertInvalid(_directory.Combine("nowhere"), "the model artifact folder does not exist");

    [Fact]
    public void Inspect_NoMlModel_Throws()
    {
        var folder = ModelAFolder();
        File.Delete(Path.Combine(folder, "MLmodel"));

        AssertInvalid(folder, "the model artifact folder has no MLmodel file");
    }

    [Fact]
    public void Inspect_InvalidYaml_Throws()
    {
        var folder = ModelAFolder();
        File.WriteAllText(Path.Combine(folder, "MLmodel"), "flavors: [unclosed\n  : :\n");

        AssertInvalid(folder, "MLmodel is not valid YAML");
    }

    [Fact]
    public void Inspect_NoOnnxFlavor_NamesFlavorsFound()
    {
        var folder = ModelAFolder();
        File.WriteAllText(Path.Combine(folder, "MLmodel"),
            "flavors:\n  sklearn:\n    pickled_model: model.pkl\n  python_function:\n    loader_module: mlflow.sklearn\n" + SignatureYaml);

        AssertInvalid(folder, "MLmodel has no 'onnx' flavor; found: sklearn, python_function");
    }

    [Fact]
    public void Inspect_DataFileMissing_NamesFile()
    {
        var folder = ModelAFolder();
        File.Delete(Path.Combine(folder, "model.onnx"));

        AssertInvalid(folder, "MLmodel 'onnx' flavor data file 'model.onnx' does not exist in the model folder");
    }

    [Fact]
    public void Inspect_DataPathEscapesFolder_Throws()
    {
        var folder = ModelAFolder();
        File.Copy(Path.Combine(folder, "model.onnx"), _directory.Combine("x.onnx"));
        RewriteMlModel(folder, "data: model.onnx", "data: ../x.onnx");

        AssertInvalid(folder, "MLmodel 'onnx' flavor data file '../x.onnx' points outside the model folder");
    }

    [Fact]
    public void Inspect_AbsoluteDataPath_Throws()
    {
        var folder = ModelAFolder();
        RewriteMlModel(folder, "data: model.onnx", "data: " + Path.Combine(folder, "model.onnx"));

        AssertInvalid(folder, "not an absolute path");
    }

    [Fact]
    public void Inspect_NoDataEntry_Throws()
    {
        var folder = ModelAFolder();
        File.WriteAllText(Path.Combine(folder, "MLmodel"), "flavors:\n  onnx:\n    onnx_version: 1.17.0\n" + SignatureYaml);

        AssertInvalid(folder, "MLmodel 'onnx' flavor has no 'data' entry");
    }

    [Fact]
    public void Inspect_NoSignature_Throws()
    {
        var folder = ModelAFolder();
        File.WriteAllText(Path.Combine(folder, "MLmodel"), "flavors:\n  onnx:\n    data: model.onnx\n");

        AssertInvalid(folder, "MLmodel has no signature");
    }

    [Fact]
    public void Inspect_SignatureWithoutOutputs_Throws()
    {
        var folder = ModelAFolder();
        File.WriteAllText(Path.Combine(folder, "MLmodel"),
            "flavors:\n  onnx:\n    data: model.onnx\nsignature:\n  inputs: '[{\"type\": \"double\", \"name\": \"x1\"}]'\n  outputs: null\n");

        AssertInvalid(folder, "MLmodel signature has no outputs");
    }

    [Fact]
    public void Inspect_SignatureNotJson_Throws()
    {
        var folder = ModelAFolder();
        File.WriteAllText(Path.Combine(folder, "MLmodel"),
            "flavors:\n  onnx:\n    data: model.onnx\nsignature:\n  inputs: '[{oops'\n  outputs: '[]'\n");

        AssertInvalid(folder, "MLmodel signature inputs are not valid");
    }

    private const string SignatureYaml =
        "signature:\n  inputs: '[{\"type\": \"double\", \"name\": \"x1\", \"required\": true}]'\n" +
        "  outputs: '[{\"type\": \"tensor\", \"tensor-spec\": {\"dtype\": \"float32\", \"shape\": [-1, 1]}}]'\n  params: null\n";

    private string ModelAFolder()
    {
        var folder = _directory.Combine("model-a");
        SampleModelLibrary.WriteModelA(folder);
        return folder;
    }

    private static void RewriteMlModel(string folder, string from, string to)
    {
        var path = Path.Combine(folder, "MLmodel");
        File.WriteAllText(path, File.ReadAllText(path).Replace(from, to, StringComparison.Ordinal));
    }

    private void AssertInvalid(string folder, string expected)
    {
        var error = Assert.Throws<ServingException>(() => _runtime.Inspect(folder));
        Assert.Equal(ErrorCode.InvalidParameterValue, error.Code);
        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
    }
}
