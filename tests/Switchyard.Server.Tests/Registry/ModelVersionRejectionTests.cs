using System.Formats.Tar;
using System.Text;
using static Switchyard.Server.Tests.Registry.RegistryTestKit;

namespace Switchyard.Server.Tests.Registry;

/// <summary>Each bad artifact is a 400 that leaves the registry and the model store as they were.</summary>
public sealed class ModelVersionRejectionTests
{
    private const string Fraud = "main.risk.fraud";

    public static TheoryData<string, string> BadArchives => new()
    {
        { "not-gzip", "not a valid gzip" },
        { "gzip-not-tar", "not a valid tar" },
        { "dot-dot", "'..'" },
        { "absolute", "absolute" },
        { "symlink", "links" },
        { "hardlink", "links" },
        { "device", "device" },
        { "no-mlmodel", "MLmodel" },
        { "no-onnx-flavor", "onnx" },
        { "empty", "empty" },
    };

    [Theory]
    [MemberData(nameof(BadArchives))]
    public async Task Upload_BadArchive_Is400AndChangesNothing(string kind, string expected)
    {
        await using var server = await ServerUnderTest.StartAsync();
        using var sample = SampleModel();
        await CreateModelAsync(server, "main", "risk", "fraud");
        await ApiAssert.OkJsonAsync(await UploadAsync(server, Fraud, TarGzOf(sample.Path)));
        var before = await SnapshotAsync(server, Fraud);

        var message = await ApiAssert.ErrorAsync(await UploadAsync(server, Fraud, Archive(kind, sample.Path)), 400, "INVALID_PARAMETER_VALUE");

        Assert.Contains(expected, message, StringComparison.OrdinalIgnoreCase);
        Assert.Equal(before, await SnapshotAsync(server, Fraud));
        Assert.False(File.Exists(Path.Combine(server.DataDir, "evil")));
        Assert.False(File.Exists(Path.Combine(Path.GetTempPath(), "switchyard-evil-" + kind)));
        var next = await ApiAssert.OkJsonAsync(await UploadAsync(server, Fraud, TarGzOf(sample.Path)));
        Assert.Equal(2, (int)next["version"]!);
    }

    [Fact]
    public async Task Upload_OverSizeLimit_Is400AndChangesNothing()
    {
        await using var server = await ServerUnderTest.StartAsync("--Switchyard:MaxArtifactBytes=2048");
        await CreateModelAsync(server, "main", "risk", "fraud");
        var before = await SnapshotAsync(server, Fraud);
        var big = TarGz(writer => writer.WriteEntry(FileEntry("MLmodel", new string('x', 100_000))));

        var message = await ApiAssert.ErrorAsync(await UploadAsync(server, Fraud, big), 400, "INVALID_PARAMETER_VALUE");

        Assert.Contains("limit", message, StringComparison.Ordinal);
        Assert.Equal(before, await SnapshotAsync(server, Fraud));
    }

    [Fact]
    public async Task Upload_NeitherArchiveNorJson_Is400SayingWhereTheJsonBreaks()
    {
        await using var server = await ServerUnderTest.StartAsync();
        await CreateModelAsync(server, "main", "risk", "fraud");
        var message = await ApiAssert.ErrorAsync(await server.PostBytesAsync($"{Models}/{Fraud}/versions", [1, 2, 3], "text/plain"), 400, "BAD_REQUEST");
        Assert.Contains("line 1, column 1", message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("missing")]
    [InlineData("relative")]
    [InlineData("remote")]
    [InlineData("file-not-folder")]
    [InlineData("no-mlmodel")]
    [InlineData("no-onnx-flavor")]
    [InlineData("link-outside")]
    [InlineData("data-folder")]
    public async Task Source_Bad_Is400AndChangesNothing(string kind)
    {
        await using var server = await ServerUnderTest.StartAsync();
        using var sample = SampleModel();
        using var other = new TempFolder();
        await CreateModelAsync(server, "main", "risk", "fraud");
        await ApiAssert.OkJsonAsync(await FromSourceAsync(server, Fraud, sample.Path));
        var before = await SnapshotAsync(server, Fraud);
        var source = BadSource(kind, sample.Path, other.Path, server.DataDir);

        var message = await ApiAssert.ErrorAsync(await FromSourceAsync(server, Fraud, source), 400, "INVALID_PARAMETER_VALUE");

        Assert.False(string.IsNullOrEmpty(message));
        Assert.Equal(before, await SnapshotAsync(server, Fraud));
    }

    [Fact]
    public async Task Source_LinkInsideFolder_IsCopiedAsAFile()
    {
        await using var server = await ServerUnderTest.StartAsync();
        using var sample = SampleModel();
        await CreateModelAsync(server, "main", "risk", "fraud");
        File.CreateSymbolicLink(Path.Combine(sample.Path, "model-copy.onnx"), Path.Combine(sample.Path, "model.onnx"));

        var version = await ApiAssert.OkJsonAsync(await FromSourceAsync(server, Fraud, sample.Path));

        var copy = new FileInfo(Path.Combine(new Uri((string)version["storage_location"]!).LocalPath, "model-copy.onnx"));
        Assert.True(copy.Exists);
        Assert.Null(copy.LinkTarget);
    }

    [Fact]
    public async Task Source_MissingField_Is400()
    {
        await using var server = await ServerUnderTest.StartAsync();
        await CreateModelAsync(server, "main", "risk", "fraud");
        var message = await ApiAssert.ErrorAsync(await server.PostJsonAsync($"{Models}/{Fraud}/versions", """{"comment":"x"}"""), 400, "INVALID_PARAMETER_VALUE");
        Assert.Contains("source", message, StringComparison.Ordinal);
    }

    private static byte[] Archive(string kind, string sample) => kind switch
    {
        "not-gzip" => Encoding.UTF8.GetBytes("this is plainly not a gzip stream"),
        "gzip-not-tar" => Gzip(Encoding.UTF8.GetBytes(new string('z', 2000))),
        "dot-dot" => WithModel(sample, FileEntry("../evil", "escaped")),
        "absolute" => WithModel(sample, FileEntry(Path.Combine(Path.GetTempPath(), "switchyard-evil-absolute"), "escaped")),
        "symlink" => WithModel(sample, new PaxTarEntry(TarEntryType.SymbolicLink, "link") { LinkName = "/etc/passwd" }),
        "hardlink" => WithModel(sample, new PaxTarEntry(TarEntryType.HardLink, "link") { LinkName = "MLmodel" }),
        "device" => WithModel(sample, new PaxTarEntry(TarEntryType.CharacterDevice, "null") { DeviceMajor = 1, DeviceMinor = 3 }),
        "no-mlmodel" => TarGz(writer => writer.WriteEntry(FileEntry("model/model.onnx", "not really"))),
        "no-onnx-flavor" => TarGz(writer => writer.WriteEntry(FileEntry("MLmodel", "flavors:\n  sklearn:\n    pickled_model: model.pkl\n"))),
        "empty" => TarGz(static _ => { }),
        _ => throw new ArgumentOutOfRangeException(nameof(kind)),
    };

    /// <summary>A good model archive with one bad entry after the good files, so files were already written when it is met.</summary>
    private static byte[] WithModel(string sample, TarEntry bad) => TarGz(writer =>
    {
        foreach (var file in Directory.EnumerateFiles(sample))
        {
            writer.WriteEntry(new PaxTarEntry(TarEntryType.RegularFile, Path.GetFileName(file)) { DataStream = new MemoryStream(File.ReadAllBytes(file)) });
        }

        writer.WriteEntry(bad);
    });

    private static string BadSource(string kind, string sample, string other, string dataDir)
    {
        switch (kind)
        {
            case "data-folder":
                return dataDir;
            case "missing":
                return Path.Combine(other, "nothing-here");
            case "relative":
                return "samples/models/model-a";
            case "remote":
                return "s3://bucket/model";
            case "file-not-folder":
                return Path.Combine(sample, "MLmodel");
            case "no-mlmodel":
                File.WriteAllText(Path.Combine(other, "model.onnx"), "not really");
                return other;
            case "no-onnx-flavor":
                File.WriteAllText(Path.Combine(other, "MLmodel"), "flavors:\n  sklearn:\n    pickled_model: model.pkl\n");
                return other;
            case "link-outside":
                File.WriteAllText(Path.Combine(other, "secret.txt"), "secret");
                File.CreateSymbolicLink(Path.Combine(sample, "secret.txt"), Path.Combine(other, "secret.txt"));
                return new Uri(sample).AbsoluteUri;
            default:
                throw new ArgumentOutOfRangeException(nameof(kind));
        }
    }
}
