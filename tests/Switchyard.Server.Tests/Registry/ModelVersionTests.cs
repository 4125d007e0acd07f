using System.Formats.Tar;
using System.Text.Json.Nodes;
using static Switchyard.Server.Tests.Registry.RegistryTestKit;

namespace Switchyard.Server.Tests.Registry;

public sealed class ModelVersionTests
{
    [Theory]
    [InlineData("application/gzip", "")]
    [InlineData("application/x-gzip", "model/")]
    [InlineData("application/x-tar+gzip", "./")]
    [InlineData("application/octet-stream", "")]
    public async Task Create_FromTarGz_AnswersReadyVersionWithSignature(string contentType, string prefix)
    {
        await using var server = await ServerUnderTest.StartAsync();
        using var sample = SampleModel();
        await CreateModelAsync(server, "main", "risk", "fraud");

        var version = await ApiAssert.OkJsonAsync(await UploadAsync(server, "main.risk.fraud", TarGzOf(sample.Path, prefix), contentType));

        Assert.Equal(1, (int)version["version"]!);
        Assert.Equal("READY", (string?)version["status"]);
        Assert.Equal("fraud", (string?)version["model_name"]);
        Assert.Equal("main", (string?)version["catalog_name"]);
        Assert.Equal("risk", (string?)version["schema_name"]);
        Assert.Equal("upload", (string?)version["source"]);
        Assert.Equal("onnx", (string?)version["flavor"]);
        Assert.Equal("admin", (string?)version["created_by"]);
        Assert.Equal("admin", (string?)version["updated_by"]);
        Assert.True((long)version["created_at"]! > 1_600_000_000_000);
        Assert.False(string.IsNullOrEmpty((string?)version["id"]));
        Assert.Empty(version["aliases"]!.AsArray());
        var inputs = version["signature"]!["inputs"]!.AsArray();
        Assert.Equal(["x1", "x2", "x3", "x4"], inputs.Select(static i => (string)i!["name"]!));
        Assert.Equal("double", (string?)inputs[0]!["type"]);
        Assert.Single(version["signature"]!["outputs"]!.AsArray());

        // The stored folder holds the MLflow directory at its root, whichever layout the archive had.
        var folder = new Uri((string)version["storage_location"]!).LocalPath;
        Assert.StartsWith(Path.Combine(server.DataDir, "models"), folder, StringComparison.Ordinal);
        Assert.True(File.Exists(Path.Combine(folder, "MLmodel")));
        Assert.True(File.Exists(Path.Combine(folder, "model.onnx")));
        Assert.Empty(Directory.GetFileSystemEntries(Path.Combine(server.DataDir, "staging")));
    }

    [Fact]
    public async Task Create_FromUploadWithComment_KeepsComment()
    {
        await using var server = await ServerUnderTest.StartAsync();
        using var sample = SampleModel();
        await CreateModelAsync(server, "main", "risk", "fraud");
        var response = await server.PostBytesAsync($"{Models}/main.risk.fraud/versions?comment=nightly", TarGzOf(sample.Path), "application/gzip");
        Assert.Equal("nightly", (string?)(await ApiAssert.OkJsonAsync(response))["comment"]);
    }

    [Fact]
    public async Task Create_FromSourcePathAndFileUri_CopiesTheFolder()
    {
        await using var server = await ServerUnderTest.StartAsync();
        using var sample = SampleModel();
        await CreateModelAsync(server, "main", "risk", "fraud");

        var byPath = await ApiAssert.OkJsonAsync(await server.PostJsonAsync($"{Models}/main.risk.fraud/versions",
            new JsonObject { ["source"] = sample.Path, ["comment"] = "by path" }.ToJsonString()));
        var uri = new Uri(sample.Path).AbsoluteUri;
        var byUri = await ApiAssert.OkJsonAsync(await FromSourceAsync(server, "main.risk.fraud", uri));

        Assert.Equal(1, (int)byPath["version"]!);
        Assert.Equal(sample.Path, (string?)byPath["source"]);
        Assert.Equal("by path", (string?)byPath["comment"]);
        Assert.Equal(2, (int)byUri["version"]!);
        Assert.Equal(uri, (string?)byUri["source"]);
        Assert.Equal("onnx", (string?)byUri["flavor"]);
        Assert.NotEqual((string?)byPath["storage_location"], (string?)byUri["storage_location"]);

        // The source folder is copied, not moved.
        Assert.True(File.Exists(Path.Combine(sample.Path, "MLmodel")));
        Assert.True(File.Exists(Path.Combine(new Uri((string)byUri["storage_location"]!).LocalPath, "model.onnx")));
    }

    [Fact]
    public async Task Create_Versions_AreNumberedOneTwoThreeAndNeverReused()
    {
        await using var server = await ServerUnderTest.StartAsync();
        using var sample = SampleModel();
        await CreateModelAsync(server, "main", "risk", "fraud");
        var archive = TarGzOf(sample.Path);

        for (var expected = 1; expected <= 3; expected++)
        {
            var version = await ApiAssert.OkJsonAsync(await UploadAsync(server, "main.risk.fraud", archive));
            Assert.Equal(expected, (int)version["version"]!);
        }

        await ApiAssert.OkJsonAsync(await server.Client.DeleteAsync($"{Models}/main.risk.fraud/versions/3"));
        var next = await ApiAssert.OkJsonAsync(await UploadAsync(server, "main.risk.fraud", archive));
        Assert.Equal(4, (int)next["version"]!);
    }

    [Fact]
    public async Task Create_ConcurrentUploads_GetDistinctNumbers()
    {
        await using var server = await ServerUnderTest.StartAsync();
        using var sample = SampleModel();
        await CreateModelAsync(server, "main", "risk", "fraud");
        var archive = TarGzOf(sample.Path);

        var answers = await Task.WhenAll(Enumerable.Range(0, 6).Select(async _ => await ApiAssert.OkJsonAsync(await UploadAsync(server, "main.risk.fraud", archive))));

        Assert.Equal([1, 2, 3, 4, 5, 6], answers.Select(static a => (int)a["version"]!).Order());
        Assert.Equal(6, StoreFolders(server).Length);
    }

    [Fact]
    public async Task Create_TarAsToolsWriteIt_WithDotFolderAndGlobalHeader_IsAccepted()
    {
        await using var server = await ServerUnderTest.StartAsync();
        using var sample = SampleModel();
        await CreateModelAsync(server, "main", "risk", "fraud");
        var archive = TarGz(writer =>
        {
            writer.WriteEntry(new PaxGlobalExtendedAttributesTarEntry(new Dictionary<string, string> { ["comment"] = "abc123" }));
            writer.WriteEntry(new PaxTarEntry(TarEntryType.Directory, "./"));
            foreach (var file in Directory.EnumerateFiles(sample.Path))
            {
                writer.WriteEntry(new PaxTarEntry(TarEntryType.RegularFile, "./" + Path.GetFileName(file)) { DataStream = new MemoryStream(File.ReadAllBytes(file)) });
            }
        });

        var version = await ApiAssert.OkJsonAsync(await UploadAsync(server, "main.risk.fraud", archive));
        Assert.Equal("onnx", (string?)version["flavor"]);
    }

    [Fact]
    public async Task ListGetUpdateDelete_Versions()
    {
        await using var server = await ServerUnderTest.StartAsync();
        using var sample = SampleModel();
        await CreateModelAsync(server, "main", "risk", "fraud");
        for (var i = 0; i < 3; i++)
        {
            await ApiAssert.OkJsonAsync(await FromSourceAsync(server, "main.risk.fraud", sample.Path));
        }

        var list = await ApiAssert.OkJsonAsync(await server.Client.GetAsync($"{Models}/main.risk.fraud/versions"));
        Assert.Equal([1, 2, 3], list["model_versions"]!.AsArray().Select(static v => (int)v!["version"]!));
        Assert.Null(list["next_page_token"]);

        var page = await ApiAssert.OkJsonAsync(await server.Client.GetAsync($"{Models}/main.risk.fraud/versions?max_results=2"));
        Assert.Equal([1, 2], page["model_versions"]!.AsArray().Select(static v => (int)v!["version"]!));
        var token = Uri.EscapeDataString((string)page["next_page_token"]!);
        var rest = await ApiAssert.OkJsonAsync(await server.Client.GetAsync($"{Models}/main.risk.fraud/versions?max_results=2&page_token={token}"));
        Assert.Equal([3], rest["model_versions"]!.AsArray().Select(static v => (int)v!["version"]!));
        Assert.Null(rest["next_page_token"]);

        var two = await ApiAssert.OkJsonAsync(await server.Client.GetAsync($"{Models}/main.risk.fraud/versions/2"));
        Assert.Equal(2, (int)two["version"]!);

        var patched = await ApiAssert.OkJsonAsync(await server.PatchJsonAsync($"{Models}/main.risk.fraud/versions/2", """{"comment":"best so far"}"""));
        Assert.Equal("best so far", (string?)patched["comment"]);
        Assert.Equal("best so far", (string?)(await ApiAssert.OkJsonAsync(await server.Client.GetAsync($"{Models}/main.risk.fraud/versions/2")))["comment"]);

        var folder = new Uri((string)two["storage_location"]!).LocalPath;
        Assert.Empty(await ApiAssert.OkJsonAsync(await server.Client.DeleteAsync($"{Models}/main.risk.fraud/versions/2")));
        Assert.False(Directory.Exists(folder));
        await ApiAssert.ErrorAsync(await server.Client.GetAsync($"{Models}/main.risk.fraud/versions/2"), 404, "RESOURCE_DOES_NOT_EXIST");
        var after = await ApiAssert.OkJsonAsync(await server.Client.GetAsync($"{Models}/main.risk.fraud/versions"));
        Assert.Equal([1, 3], after["model_versions"]!.AsArray().Select(static v => (int)v!["version"]!));
    }

    [Fact]
    public async Task DeleteModel_RemovesVersionFolders()
    {
        await using var server = await ServerUnderTest.StartAsync();
        using var sample = SampleModel();
        await CreateModelAsync(server, "main", "risk", "fraud");
        await ApiAssert.OkJsonAsync(await FromSourceAsync(server, "main.risk.fraud", sample.Path));
        await ApiAssert.OkJsonAsync(await FromSourceAsync(server, "main.risk.fraud", sample.Path));
        Assert.Equal(2, StoreFolders(server).Length);

        await ApiAssert.OkJsonAsync(await server.Client.DeleteAsync($"{Models}/main.risk.fraud"));

        Assert.Empty(StoreFolders(server));
        await CreateModelAsync(server, "main", "risk", "fraud");
        var again = await ApiAssert.OkJsonAsync(await FromSourceAsync(server, "main.risk.fraud", sample.Path));
        Assert.Equal(1, (int)again["version"]!);
    }

    [Theory]
    [InlineData("abc")]
    [InlineData("0")]
    [InlineData("-1")]
    [InlineData("1.5")]
    public async Task Get_VersionNotAPositiveInteger_Is400(string version)
    {
        await using var server = await ServerUnderTest.StartAsync();
        await CreateModelAsync(server, "main", "risk", "fraud");
        var message = await ApiAssert.ErrorAsync(await server.Client.GetAsync($"{Models}/main.risk.fraud/versions/{version}"), 400, "INVALID_PARAMETER_VALUE");
        Assert.Contains("version", message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task UnknownModelOrVersion_Is404()
    {
        await using var server = await ServerUnderTest.StartAsync();
        using var sample = SampleModel();
        await ApiAssert.ErrorAsync(await server.Client.GetAsync($"{Models}/main.risk.nothing/versions"), 404, "RESOURCE_DOES_NOT_EXIST");
        await ApiAssert.ErrorAsync(await server.Client.GetAsync($"{Models}/main.risk.nothing/versions/1"), 404, "RESOURCE_DOES_NOT_EXIST");
        await ApiAssert.ErrorAsync(await FromSourceAsync(server, "main.risk.nothing", sample.Path), 404, "RESOURCE_DOES_NOT_EXIST");
        await ApiAssert.ErrorAsync(await UploadAsync(server, "main.risk.nothing", TarGzOf(sample.Path)), 404, "RESOURCE_DOES_NOT_EXIST");

        await CreateModelAsync(server, "main", "risk", "fraud");
        var message = await ApiAssert.ErrorAsync(await server.Client.GetAsync($"{Models}/main.risk.fraud/versions/7"), 404, "RESOURCE_DOES_NOT_EXIST");
        Assert.Contains("Version 7", message, StringComparison.Ordinal);
        await ApiAssert.ErrorAsync(await server.PatchJsonAsync($"{Models}/main.risk.fraud/versions/7", """{"comment":"x"}"""), 404, "RESOURCE_DOES_NOT_EXIST");
        await ApiAssert.ErrorAsync(await server.Client.DeleteAsync($"{Models}/main.risk.fraud/versions/7"), 404, "RESOURCE_DOES_NOT_EXIST");
        Assert.Empty(StoreFolders(server));
    }

    [Fact]
    public async Task Restart_KeepsRegistryAndRemovesLeftovers()
    {
        await using var server = await ServerUnderTest.StartAsync();
        using var sample = SampleModel();
        await CreateModelAsync(server, "main", "risk", "fraud", "kept");
        await ApiAssert.OkJsonAsync(await FromSourceAsync(server, "main.risk.fraud", sample.Path));
        await ApiAssert.OkJsonAsync(await server.PutJsonAsync($"{Models}/main.risk.fraud/aliases/champion", """{"version_num":1}"""));
        var before = await ApiAssert.OkJsonAsync(await server.Client.GetAsync($"{Models}/main.risk.fraud/versions/1"));

        // What a crash could leave: a half-unpacked upload and an artifact moved in but never recorded.
        Directory.CreateDirectory(Path.Combine(server.DataDir, "staging", "half-unpacked"));
        Directory.CreateDirectory(Path.Combine(server.DataDir, "models", "never-recorded"));

        await server.RestartAsync();

        var model = await ApiAssert.OkJsonAsync(await server.Client.GetAsync($"{Models}/main.risk.fraud"));
        Assert.Equal("kept", (string?)model["comment"]);
        Assert.Equal("champion", (string?)model["aliases"]![0]!["alias_name"]);
        var after = await ApiAssert.OkJsonAsync(await server.Client.GetAsync($"{Models}/main.risk.fraud/versions/1"));
        Assert.Equal(before.ToJsonString(), after.ToJsonString());
        Assert.True(File.Exists(Path.Combine(new Uri((string)after["storage_location"]!).LocalPath, "model.onnx")));
        Assert.Equal([(string)after["id"]!], StoreFolders(server));
        Assert.Empty(Directory.GetFileSystemEntries(Path.Combine(server.DataDir, "staging")));

        var next = await ApiAssert.OkJsonAsync(await FromSourceAsync(server, "main.risk.fraud", sample.Path));
        Assert.Equal(2, (int)next["version"]!);
    }
}
