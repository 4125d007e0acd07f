using Switchyard.SampleModels.Gguf;
using static Switchyard.Server.Tests.Registry.RegistryTestKit;

namespace Switchyard.Server.Tests.Registry;

/// <summary>GGUF files as model versions: a tar.gz of one .gguf, or a source path; bad files are 400s that leave nothing.</summary>
public sealed class GgufVersionTests
{
    private const string Mistral = "system.ai.mistral_7b_instruct_v0_1";

    [Fact]
    public async Task TarGz_of_a_lone_gguf_becomes_a_gguf_version_that_describes_itself()
    {
        await using var server = await ServerUnderTest.StartAsync();
        using var folder = new TempFolder();
        TinyLlamaModels.WriteDense(Path.Combine(folder.Path, "tiny.gguf"), seed: 1);
        await CreateModelAsync(server, "system", "ai", "mistral_7b_instruct_v0_1");

        var version = await ApiAssert.OkJsonAsync(await UploadAsync(server, Mistral, TarGzOf(folder.Path)));

        Assert.Equal("gguf", (string?)version["flavor"]);
        var details = version["details"]!.AsObject();
        Assert.Equal("llama", (string?)details["architecture"]);
        Assert.Equal("llama", (string?)details["model_type"]);
        Assert.Equal(512, (int)details["context_length"]!);
        Assert.Equal("F32", (string?)details["quantization"]);
        Assert.True((bool)details["chat_template_present"]!);
        Assert.True((long)details["parameter_count"]! > 0);
        Assert.Equal(20, (int)details["throughput_chunk_size"]!);
        Assert.Null(details["chat_template"]);

        // The store holds the file and the generated MLmodel, and a restart reads the details back.
        var stored = new Uri((string)version["storage_location"]!).LocalPath;
        Assert.True(File.Exists(Path.Combine(stored, "tiny.gguf")));
        Assert.Contains("model_file: 'tiny.gguf'", await File.ReadAllTextAsync(Path.Combine(stored, "MLmodel")), StringComparison.Ordinal);
        await server.RestartAsync();
        var again = await ApiAssert.OkJsonAsync(await server.Client.GetAsync($"{Models}/{Mistral}/versions/1"));
        Assert.Equal(details.ToJsonString(), again["details"]!.ToJsonString());
    }

    [Fact]
    public async Task The_engine_measures_the_rate_of_a_registered_gguf()
    {
        await using var server = await ServerUnderTest.StartAsync();
        using var folder = new TempFolder();
        var path = Path.Combine(folder.Path, "tiny.gguf");
        TinyLlamaModels.WriteDense(path, seed: 1);
        await CreateModelAsync(server, "system", "ai", "mistral_7b_instruct_v0_1");
        await ApiAssert.OkJsonAsync(await FromSourceAsync(server, Mistral, path));

        var info = await ApiAssert.OkJsonAsync(await server.Client.GetAsync($"/api/2.0/serving-endpoints/get-model-optimization-info/{Mistral}/1"));

        // The LLM engine's probe ran the tiny model on this host.
        Assert.True((double)info["measured_tokens_per_second"]! > 0);
        Assert.True((bool)info["optimizable"]!);
    }

    [Fact]
    public async Task Moe_from_a_source_file_path_is_a_mixtral()
    {
        await using var server = await ServerUnderTest.StartAsync();
        using var folder = new TempFolder();
        var path = Path.Combine(folder.Path, "moe.gguf");
        TinyLlamaModels.WriteMoe(path, seed: 2);
        await CreateModelAsync(server, "system", "ai", "mixtral_8x7b_instruct_v0_1");

        var version = await ApiAssert.OkJsonAsync(await FromSourceAsync(server, "system.ai.mixtral_8x7b_instruct_v0_1", path));

        Assert.Equal("gguf", (string?)version["flavor"]);
        Assert.Equal("mixtral", (string?)version["details"]!["model_type"]);
        Assert.Equal(4, (int)version["details"]!["expert_count"]!);
    }

    [Fact]
    public async Task Source_folder_with_an_mlmodel_may_set_the_chunk_size()
    {
        await using var server = await ServerUnderTest.StartAsync();
        using var folder = new TempFolder();
        TinyLlamaModels.WriteDense(Path.Combine(folder.Path, "weights.gguf"), seed: 1, includeChatTemplate: false);
        await File.WriteAllTextAsync(Path.Combine(folder.Path, "MLmodel"), "flavors:\n  gguf:\n    model_file: weights.gguf\n    throughput_chunk_size: 980\n");
        await CreateModelAsync(server, "system", "ai", "mistral_7b_instruct_v0_1");

        var version = await ApiAssert.OkJsonAsync(await FromSourceAsync(server, Mistral, folder.Path));

        Assert.Equal(980, (int)version["details"]!["throughput_chunk_size"]!);
        Assert.False((bool)version["details"]!["chat_template_present"]!);
    }

    public static TheoryData<MalformedGguf, string> BadFiles => new()
    {
        { MalformedGguf.Truncated, "truncated" },
        { MalformedGguf.BadMagic, "magic" },
        { MalformedGguf.TensorOffsetOutOfRange, "beyond the end" },
        { MalformedGguf.TensorOffsetMisaligned, "alignment" },
        { MalformedGguf.TensorShapeMismatch, "blk.0.attn_q.weight" },
        { MalformedGguf.MissingRequiredKey, "llama.embedding_length" },
        { MalformedGguf.NoByteTokens, "byte token" },
        { MalformedGguf.NoVocab, "cannot take text prompts" },
        { MalformedGguf.MissingTokens, "tokenizer.ggml.tokens" },
    };

    [Theory]
    [MemberData(nameof(BadFiles))]
    public async Task Malformed_gguf_is_400_naming_the_reason_and_changes_nothing(MalformedGguf kind, string reason)
    {
        await using var server = await ServerUnderTest.StartAsync();
        using var folder = new TempFolder();
        TinyLlamaModels.WriteMalformed(Path.Combine(folder.Path, "bad.gguf"), kind);
        await CreateModelAsync(server, "system", "ai", "mistral_7b_instruct_v0_1");
        var before = await SnapshotAsync(server, Mistral);

        var fromArchive = await ApiAssert.ErrorAsync(await UploadAsync(server, Mistral, TarGzOf(folder.Path)), 400, "INVALID_PARAMETER_VALUE");
        var fromSource = await ApiAssert.ErrorAsync(await FromSourceAsync(server, Mistral, Path.Combine(folder.Path, "bad.gguf")), 400, "INVALID_PARAMETER_VALUE");

        Assert.Contains(reason, fromArchive, StringComparison.Ordinal);
        Assert.Contains("bad.gguf", fromArchive, StringComparison.Ordinal);
        Assert.Contains(reason, fromSource, StringComparison.Ordinal);
        Assert.Equal(before, await SnapshotAsync(server, Mistral));
    }

    [Fact]
    public async Task Two_gguf_files_without_an_mlmodel_are_refused()
    {
        await using var server = await ServerUnderTest.StartAsync();
        using var folder = new TempFolder();
        TinyLlamaModels.WriteDense(Path.Combine(folder.Path, "a.gguf"), seed: 1);
        TinyLlamaModels.WriteDense(Path.Combine(folder.Path, "b.gguf"), seed: 2);
        await CreateModelAsync(server, "system", "ai", "mistral_7b_instruct_v0_1");

        var message = await ApiAssert.ErrorAsync(await UploadAsync(server, Mistral, TarGzOf(folder.Path)), 400, "INVALID_PARAMETER_VALUE");

        Assert.Contains("2 .gguf files", message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Gguf_inside_a_single_top_level_folder_is_found()
    {
        await using var server = await ServerUnderTest.StartAsync();
        using var folder = new TempFolder();
        TinyLlamaModels.WriteDense(Path.Combine(folder.Path, "tiny.gguf"), seed: 1);
        await CreateModelAsync(server, "system", "ai", "mistral_7b_instruct_v0_1");

        var version = await ApiAssert.OkJsonAsync(await UploadAsync(server, Mistral, TarGzOf(folder.Path, "model/")));

        Assert.Equal("gguf", (string?)version["flavor"]);
    }
}
