using System.Text.Json.Nodes;
using Switchyard.Core.Endpoints;
using Switchyard.Core.Errors;
using Switchyard.Core.Llm;
using Switchyard.Testing.Providers;
using static Switchyard.Providers.Tests.Models;
using Switchyard.Providers.Anthropic;

namespace Switchyard.Providers.Tests;

/// <summary>Keys from {{secrets/…}} references, read with the config creator's rights from the SQLite secret store.</summary>
public sealed class ProviderKeyTests : StandInTests<AnthropicStandIn>
{
    protected override Task<AnthropicStandIn> StartStandInAsync() => AnthropicStandIn.StartAsync();

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        await Keys.PutAsync("llm", "anthropic", StandIn.ApiKey, "data-scientists");
    }

    private Task<IGenerativeModel> ModelAsync(string reference, string creator) =>
        CreateAsync(AnthropicProvider.ProviderName, LlmTask.Chat, "claude-3-opus-20240229",
            new JsonObject { ["anthropic_api_key"] = reference },
            Client(null, (AnthropicProvider.ProviderName, StandIn.BaseUrl)), Keys, creator);

    [Fact]
    public async Task Create_ReferenceReadableThroughTheCreatorsGroup_SendsTheSecret()
    {
        using var model = await ModelAsync("{{secrets/llm/anthropic}}", TestKeys.Ana);

        await model.GenerateAsync(Chat(User("hi")), CancellationToken.None);

        Assert.Equal(StandIn.ApiKey, StandIn.LastRequest.Header("x-api-key"));
    }

    [Fact]
    public async Task Create_MissingSecret_NamesTheReference()
    {
        var error = await Assert.ThrowsAsync<ServingException>(() => ModelAsync("{{secrets/llm/missing}}", TestKeys.Ana));

        Assert.Equal(ErrorCode.InvalidParameterValue, error.Code);
        Assert.Equal("external_model.anthropic_config.anthropic_api_key: secret {{secrets/llm/missing}} does not exist.", error.Message);
    }

    [Fact]
    public async Task Create_CreatorMayNotRead_RefusedWithoutTheValue()
    {
        var error = await Assert.ThrowsAsync<ServingException>(() => ModelAsync("{{secrets/llm/anthropic}}", TestKeys.Bob));

        Assert.Contains("{{secrets/llm/anthropic}}", error.Message, StringComparison.Ordinal);
        Assert.Contains("may not read scope 'llm'", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(StandIn.ApiKey, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Create_CreatorGone_NamesTheReferenceAndTheCreator()
    {
        var error = await Assert.ThrowsAsync<ServingException>(() => ModelAsync("{{secrets/llm/anthropic}}", "carol@example.com"));

        Assert.Equal("secret {{secrets/llm/anthropic}} cannot be read: the config's creator 'carol@example.com' no longer exists.", error.Message);
    }

    [Fact]
    public async Task Create_LiteralKeyInTheReferenceField_Refused()
    {
        var error = await Assert.ThrowsAsync<ServingException>(() => ModelAsync("sk-ant-literal", TestKeys.Ana));

        Assert.Contains("anthropic_api_key_plaintext", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("sk-ant-literal", error.Message, StringComparison.Ordinal);
    }
}
