using Microsoft.Extensions.Logging.Abstractions;
using Switchyard.Core.Endpoints;
using Switchyard.Core.Errors;
using Switchyard.Core.Llm;
using Switchyard.Core.Registry;
using Switchyard.Core.Runtimes;
using Switchyard.Llama.Engine;
using Switchyard.Runtimes.Gguf;
using Switchyard.SampleModels.Gguf;

namespace Switchyard.Llama.Tests;

public sealed class RuntimeTests : IDisposable
{
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "switchyard-llama-runtime-" + Guid.NewGuid().ToString("N"));

    public RuntimeTests() => Directory.CreateDirectory(_folder);

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private string Artifact(Action<string> writeModel)
    {
        var directory = Path.Combine(_folder, Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(directory);
        writeModel(Path.Combine(directory, "model.gguf"));
        File.WriteAllText(Path.Combine(directory, "MLmodel"), GgufArtifact.MlModelFor("model.gguf"));
        return directory;
    }

    private static ServedEntityConfig Entity(ThroughputBand? band) =>
        new("pt-entity", "ProvisionedThroughput", "system.ai.tiny", "1", 1, "", false, "admin", 0, [], Band: band);

    private static LlamaModelRuntime Runtime() =>
        new(TimeProvider.System, NullLoggerFactory.Instance, new LlmEngineOptions { Threads = 2 });

    [Fact]
    public async Task Load_ServesTheFileAsAGenerativeModel_WithItsBand()
    {
        var directory = Artifact(path => TinyLlamaModels.WriteDense(path, seed: 7));
        using var served = Runtime().Load(directory, Entity(new ThroughputBand(0, 1000, 20)));

        var model = Assert.IsType<LlamaGenerativeModel>(served);
        Assert.True(model.Supports(LlmTask.Chat));
        Assert.True(model.Supports(LlmTask.Completions));
        var answer = await model.GenerateAsync(new LlmRequest { Task = LlmTask.Completions, Prompts = ["hi"], MaxTokens = 3, Temperature = 0 }, default);
        Assert.Equal(3, answer.Usage!.CompletionTokens);
        Assert.InRange(model.Metrics().ProvisionedTokensPerSecond, 900, 1000);
    }

    [Theory]
    [InlineData(MalformedGguf.Truncated)]
    [InlineData(MalformedGguf.BadMagic)]
    [InlineData(MalformedGguf.TensorOffsetOutOfRange)]
    [InlineData(MalformedGguf.TensorShapeMismatch)]
    [InlineData(MalformedGguf.MissingRequiredKey)]
    [InlineData(MalformedGguf.NoByteTokens)]
    [InlineData(MalformedGguf.NoVocab)]
    [InlineData(MalformedGguf.MissingTokens)]
    public void Load_MalformedFile_FailsWithTheReason_BeforeLlamaCppSeesIt(MalformedGguf kind)
    {
        var directory = Artifact(path => TinyLlamaModels.WriteMalformed(path, kind));

        var error = Assert.ThrowsAny<Exception>(() => Runtime().Load(directory, Entity(null)));

        Assert.IsType<ServingException>(error);
        Assert.False(string.IsNullOrWhiteSpace(error.Message));
    }

    [Fact]
    public async Task Probe_MeasuresTokensPerSecond_ForGgufVersionsOnly()
    {
        var directory = Artifact(path => TinyLlamaModels.WriteDense(path, seed: 7));
        var probe = new LlamaThroughputProbe(new FixedLocator(directory), NullLoggerFactory.Instance, new LlmEngineOptions { Threads = 2 });
        var version = new ModelVersion(ModelName.Parse("system.ai.tiny"), 1, "", "loc", Switchyard.Runtimes.Gguf.GgufArtifact.FlavorName,
            new ModelSignature([], []), null, 0, "admin", 0, "admin", []);

        var measured = await probe.MeasureAsync(version, default);
        var onnx = await probe.MeasureAsync(version with { Flavor = "onnx" }, default);

        Assert.NotNull(measured);
        Assert.True(measured > 0);
        Assert.Null(onnx);
    }

    private sealed class FixedLocator(string directory) : IArtifactLocator
    {
        public string DirectoryOf(ModelVersion version) => directory;
    }
}
