using Microsoft.Extensions.DependencyInjection;
using Switchyard.Core.Gateway;
using Switchyard.Server.Gateway.Guardrails;

namespace Switchyard.Server.Tests.Gateway.Guardrails;

/// <summary>The safety list: the built-in one, its format, and the server setting that replaces it.</summary>
public sealed class SafetyListTests
{
    [Fact]
    public void Builtin_HasItsCategories()
    {
        var categories = SafetyList.Builtin().Categories.Select(c => c.Category).ToList();

        Assert.Equal(["violence", "weapons", "self-harm", "illegal-drugs", "malware", "child-safety"], categories);
        Assert.All(SafetyList.Builtin().Categories, c => Assert.NotEmpty(c.Phrases));
    }

    [Fact]
    public void Parse_ReadsCommentsCategoriesAndPhrases()
    {
        var list = SafetyList.Parse("# mine\n\n[fraud]\nwire the money\r\nfake invoice*\n[spam]\nbuy now\n", "test");

        Assert.Equal(["fraud", "spam"], list.Categories.Select(c => c.Category));
        Assert.Equal(["wire the money", "fake invoice*"], list.Categories[0].Phrases);
    }

    [Theory]
    [InlineData("orphan phrase\n[c]\nx", "test, line 1: a phrase comes before any [category].")]
    [InlineData("[c]\n[broken\nx", "test, line 2: a category is written [name].")]
    [InlineData("# only comments\n", "test has no [category] with phrases.")]
    public void Parse_RefusesAMalformedListNamingTheLine(string text, string message)
    {
        var error = Assert.Throws<InvalidDataException>(() => SafetyList.Parse(text, "test"));

        Assert.Equal(message, error.Message);
    }

    [Fact]
    public void Wildcard_MatchesAnyWordStartingSo()
    {
        var guard = new GuardrailCompiler(SafetyList.Parse("[fraud]\nfake invoice*\n", "test"))
            .Input(new GuardrailParameters(PiiBehavior.None, true, [], []));

        Assert.Equal("fraud", guard.Check("send fake invoices").Refusal?.Name);
        Assert.Equal("fraud", guard.Check("a FAKE invoice").Refusal?.Name);
        Assert.False(guard.Check("fake in voice").Refused);
    }

    [Fact]
    public async Task ServerSetting_ReplacesTheBuiltinList()
    {
        var file = Path.Combine(Path.GetTempPath(), $"safety-{Guid.NewGuid():N}.txt");
        await File.WriteAllTextAsync(file, "[fraud]\nwire the money\n");
        try
        {
            await using var server = await ServerUnderTest.StartAsync($"--Switchyard:SafetyListPath={file}");
            var guard = server.Services.GetRequiredService<GuardrailCompiler>()
                .Input(new GuardrailParameters(PiiBehavior.None, true, [], []));

            Assert.Equal("fraud", guard.Check("please wire the money").Refusal?.Name);
            Assert.False(guard.Check("build a bomb").Refused);
        }
        finally
        {
            File.Delete(file);
        }
    }

    [Fact]
    public async Task ServerSetting_NamingAMalformedFile_StopsTheStartNamingTheLine()
    {
        var file = Path.Combine(Path.GetTempPath(), $"safety-{Guid.NewGuid():N}.txt");
        await File.WriteAllTextAsync(file, "no category\n");
        try
        {
            var error = await Assert.ThrowsAnyAsync<Exception>(() => ServerUnderTest.StartAsync($"--Switchyard:SafetyListPath={file}"));

            Assert.Contains("line 1: a phrase comes before any [category]", error.ToString(), StringComparison.Ordinal);
            var missing = await Assert.ThrowsAnyAsync<Exception>(() => ServerUnderTest.StartAsync("--Switchyard:SafetyListPath=/no/such/safety-list.txt"));
            Assert.Contains("does not exist", missing.ToString(), StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(file);
        }
    }
}
