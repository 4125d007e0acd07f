using Switchyard.Cli.Tests.Infrastructure;

namespace Switchyard.Cli.Tests.Endpoints;

/// <summary>A literal provider key given to the CLI is in none of its JSON outputs: the server never answers it.</summary>
public sealed class LiteralKeyTests : CliAgainstServer
{
    [Fact]
    public async Task LiteralKey_IsInNoJsonOutput()
    {
        var key = "sk-cli-literal-" + Guid.NewGuid().ToString("N");
        var bodyFile = Path.Combine(Cli.Home, "literal.json");
        await File.WriteAllTextAsync(bodyFile, $$$"""
            {"name": "literal", "config": {"served_entities": [{"name": "gpt", "external_model": {"name": "gpt-4o-mini",
                "provider": "openai", "task": "llm/v1/chat", "openai_config": {"openai_api_key_plaintext": "{{{key}}}"} } }]} }
            """);

        var outputs = new[]
        {
            await Cli.RunAsync("serving-endpoints", "create", "--json", "@" + bodyFile, "--no-wait", "-o", "json"),
            await Cli.RunAsync("serving-endpoints", "get", "literal", "-o", "json"),
            await Cli.RunAsync("serving-endpoints", "list", "-o", "json"),
        };

        Assert.All(outputs, output =>
        {
            Assert.Equal(0, output.ExitCode);
            Assert.DoesNotContain(key, output.Out + output.Error, StringComparison.Ordinal);
        });
        Assert.Equal("openai", (string?)outputs[1].Json()["config"]!["served_entities"]![0]!["external_model"]!["provider"]);
    }
}
