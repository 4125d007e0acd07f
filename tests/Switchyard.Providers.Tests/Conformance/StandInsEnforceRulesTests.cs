using System.Text.Json.Nodes;
using Switchyard.Core.Endpoints;
using Switchyard.Core.Llm;
using Switchyard.Providers.Bedrock;
using Switchyard.Providers.Cohere;
using Switchyard.Testing.Providers;
using static Switchyard.Providers.Tests.Models;
using static Switchyard.Providers.Tests.ProviderTestKit;

namespace Switchyard.Providers.Tests.Conformance;

/// <summary>
/// The stand-ins answer a body that breaks a provider's rules with the provider's 400, as the real
/// service would: shown by smuggling an out-of-range value past our translation in <c>extra_params</c>.
/// </summary>
public sealed class StandInsEnforceRulesTests
{
    [Fact]
    public async Task Cohere_PAboveItsRange_IsRefusedWith400()
    {
        await using var standIn = await CohereStandIn.StartAsync();
        using var model = await CohereModel.CreateAsync(
            Context(CohereProvider.ProviderName, "cohere_config", "command-r", LlmTask.Chat, new JsonObject { ["cohere_api_key_plaintext"] = standIn.ApiKey },
                Client(ProviderTestKit.Timeout, (CohereProvider.ProviderName, standIn.BaseUrl))),
            TimeProvider.System, default);

        var error = await Assert.ThrowsAsync<ProviderException>(() => model.GenerateAsync(Hi with { ExtraParams = new JsonObject { ["p"] = 1.0 } }, default));

        Assert.Equal(400, error.Status);
        Assert.Contains("p must be between 0.01 and 0.99", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Bedrock_TemperatureAboveOne_IsRefusedWith400()
    {
        var keys = new SigV4Credentials("AKIASTANDIN0000001", "stand-in/secret+key/0123456789abcdefghij");
        await using var standIn = await BedrockStandIn.StartAsync("us-east-1", keys);
        using var model = await BedrockModel.CreateAsync(
            Context(BedrockProvider.ProviderName, "amazon_bedrock_config", "anthropic.claude-3-haiku-20240307-v1:0", LlmTask.Chat,
                new JsonObject
                {
                    ["aws_region"] = "us-east-1",
                    ["bedrock_provider"] = "anthropic",
                    ["aws_access_key_id_plaintext"] = keys.AccessKeyId,
                    ["aws_secret_access_key_plaintext"] = keys.SecretAccessKey,
                },
                Client(ProviderTestKit.Timeout, (BedrockProvider.ProviderName, standIn.BaseUrl))),
            TimeProvider.System, default);

        var error = await Assert.ThrowsAsync<ProviderException>(() =>
            model.GenerateAsync(Hi with { ExtraParams = new JsonObject { ["inferenceConfig"] = new JsonObject { ["temperature"] = 1.5 } } }, default));

        Assert.Equal(400, error.Status);
        Assert.Contains("temperature must be a number between 0 and 1", error.Message, StringComparison.Ordinal);
    }
}
