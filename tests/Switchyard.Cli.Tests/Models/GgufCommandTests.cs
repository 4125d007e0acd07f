using System.Text.Json.Nodes;
using Switchyard.Cli.Tests.Infrastructure;
using Switchyard.SampleModels.Gguf;

namespace Switchyard.Cli.Tests.Models;

/// <summary>A .gguf file registered with the CLI, then asked about with get-optimization-info.</summary>
public sealed class GgufCommandTests : CliAgainstServer, IDisposable
{
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "switchyard-cli-gguf-" + Guid.NewGuid().ToString("N"));

    [Fact]
    public async Task Registered_gguf_is_optimizable_with_its_chunk()
    {
        var path = Path.Combine(_folder, "tiny-mixtral.gguf");
        TinyLlamaModels.WriteMoe(path, seed: 4);

        var created = await Cli.RunAsync("models", "create", "system.ai.mixtral_8x7b_instruct_v0_1");
        var registered = await Cli.RunAsync("models", "register", "system.ai.mixtral_8x7b_instruct_v0_1", path, "-o", "json");
        var info = await Cli.RunAsync("serving-endpoints", "get-optimization-info", "system.ai.mixtral_8x7b_instruct_v0_1", "1", "-o", "json");
        var table = await Cli.RunAsync("serving-endpoints", "get-optimization-info", "system.ai.mixtral_8x7b_instruct_v0_1", "1");
        var missing = await Cli.RunAsync("serving-endpoints", "get-optimization-info", "system.ai.mixtral_8x7b_instruct_v0_1", "7");

        Assert.Equal(0, created.ExitCode);
        Assert.Equal(0, registered.ExitCode);
        Assert.Equal("gguf", (string?)JsonNode.Parse(registered.Out)!["flavor"]);
        Assert.Equal(0, info.ExitCode);
        var answer = JsonNode.Parse(info.Out)!.AsObject();
        Assert.True((bool)answer["optimizable"]!);
        Assert.Equal("mixtral", (string?)answer["model_type"]);
        Assert.Equal(20, (int)answer["throughput_chunk_size"]!);
        Assert.Equal(0, table.ExitCode);
        Assert.Contains("mixtral", table.Out, StringComparison.Ordinal);
        Assert.Equal(3, missing.ExitCode);
    }

    void IDisposable.Dispose()
    {
        if (Directory.Exists(_folder))
        {
            Directory.Delete(_folder, recursive: true);
        }
    }
}
