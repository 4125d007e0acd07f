using Switchyard.Runtimes.Tests.Common;
using Switchyard.SampleModels;

namespace Switchyard.Runtimes.Tests.SampleModels;

/// <summary>The generator is deterministic, and the committed samples are what it writes.</summary>
public sealed class SampleModelLibraryTests : IDisposable
{
    private readonly TempDirectory _directory = new();

    public void Dispose() => _directory.Dispose();

    [Fact]
    public void WriteModels_Twice_GivesIdenticalBytes()
    {
        foreach (var (name, write) in Writers())
        {
            write(_directory.Combine("first", name));
            write(_directory.Combine("second", name));

            AssertSameFiles(_directory.Combine("first", name), _directory.Combine("second", name));
        }
    }

    [Theory]
    [InlineData("model-a")]
    [InlineData("model-b")]
    public void ShippedSample_EqualsFreshlyGenerated(string name)
    {
        var fresh = _directory.Combine(name);
        (name == "model-a" ? (Action<string>)SampleModelLibrary.WriteModelA : SampleModelLibrary.WriteModelB)(fresh);

        AssertSameFiles(RepositoryRoot.Samples(name), fresh);
    }

    [Fact]
    public void ExpectedA_KnownRow_IsThirtyAndAHalf() => Assert.Equal(30.5, SampleModelLibrary.ExpectedA([1, 2, 3, 4]));

    [Fact]
    public void ExpectedB_ZeroLogit_IsOneHalf() => Assert.Equal(0.5, SampleModelLibrary.ExpectedB([0, 0, 0, 1]));

    private static IEnumerable<(string Name, Action<string> Write)> Writers() =>
    [
        ("model-a", SampleModelLibrary.WriteModelA),
        ("model-b", SampleModelLibrary.WriteModelB),
        ("mlp", static dir => SampleModelLibrary.WriteMlp(dir, 16, 64, 8, seed: 42)),
    ];

    private static void AssertSameFiles(string expectedFolder, string actualFolder)
    {
        var expected = Directory.GetFiles(expectedFolder).Select(static f => Path.GetFileName(f)).Order(StringComparer.Ordinal).ToArray();
        var actual = Directory.GetFiles(actualFolder).Select(static f => Path.GetFileName(f)).Order(StringComparer.Ordinal).ToArray();
        Assert.Equal(expected, actual);
        Assert.Equal<string>(["MLmodel", "conda.yaml", "model.onnx", "python_env.yaml", "requirements.txt"], actual);
        foreach (var file in actual)
        {
            Assert.True(
                File.ReadAllBytes(Path.Combine(expectedFolder, file)).AsSpan().SequenceEqual(File.ReadAllBytes(Path.Combine(actualFolder, file))),
                $"{file} differs");
        }
    }
}
