using System.Text.Json.Nodes;
using Switchyard.Core.Endpoints;
using Switchyard.Core.Errors;
using Switchyard.Core.Llm;
using Switchyard.Testing.Providers;
using static Switchyard.Providers.Tests.Models;
using Switchyard.Providers.DatabricksModelServing;
using Switchyard.Providers.Ai21Labs;
using Switchyard.Providers.OpenAi;
using Switchyard.Providers.Custom;

namespace Switchyard.Providers.Tests.OpenAi;

/// <summary>Azure OpenAI (api-key, Entra ID), custom servers, Databricks serving endpoints and AI21: their paths and credentials.</summary>
public sealed class OpenAiCompatibleProviderTests : StandInTests<OpenAiStandIn>
{
    protected override Task<OpenAiStandIn> StartStandInAsync() => OpenAiStandIn.StartAsync();

    [Fact]
    public async Task Azure_ApiKey_CallsTheDeploymentWithApiKeyHeader()
    {
        using var model = await CreateAsync(OpenAiProvider.ProviderName, LlmTask.Chat, "gpt-4o", new JsonObject
        {
            ["openai_api_type"] = "azure",
            ["openai_api_key_plaintext"] = StandIn.ApiKey,
            ["openai_api_base"] = StandIn.Root,
            ["openai_deployment_name"] = "my-gpt",
            ["openai_api_version"] = "2024-02-01",
        }, Client(), Keys);

        var answer = await model.GenerateAsync(Chat(User("hi")), CancellationToken.None);
        var streamed = await CollectAsync(model.StreamAsync(Chat(User("hi")) with { Stream = true }, CancellationToken.None));

        var seen = StandIn.Requests[0];
        Assert.Equal("/openai/deployments/my-gpt/chat/completions", seen.Path);
        Assert.Equal("?api-version=2024-02-01", seen.Query);
        Assert.Equal(StandIn.ApiKey, seen.Header("api-key"));
        Assert.Null(seen.Header("Authorization"));
        Assert.Null(seen.Body!["model"]);
        Assert.Equal(StandIn.Reply, answer.Choices[0].Text);
        Assert.Equal(StandIn.Reply, TextOf(streamed));
    }

    [Fact]
    public async Task Azure_Entra_FetchesOneTokenAndSendsItAsBearer()
    {
        var http = Client(null, (ExternalModelOptions.EntraTokenKey, StandIn.Root));
        using var model = await CreateAsync(OpenAiProvider.ProviderName, LlmTask.Embeddings, "text-embedding-3-small", new JsonObject
        {
            ["openai_api_type"] = "azuread",
            ["openai_api_base"] = StandIn.Root,
            ["openai_deployment_name"] = "embedder",
            ["openai_api_version"] = "2024-02-01",
            ["microsoft_entra_client_id"] = "client-1",
            ["microsoft_entra_tenant_id"] = "tenant-1",
            ["microsoft_entra_client_secret_plaintext"] = StandIn.EntraClientSecret,
        }, http, Keys);

        var request = new LlmRequest { Task = LlmTask.Embeddings, Inputs = ["a"] };
        await model.GenerateAsync(request, CancellationToken.None);
        var answer = await model.GenerateAsync(request, CancellationToken.None);

        Assert.Equal("/tenant-1/oauth2/v2.0/token", StandIn.Requests[0].Path);
        Assert.Equal(1, StandIn.TokensIssued);
        Assert.Equal("/openai/deployments/embedder/embeddings", StandIn.LastRequest.Path);
        Assert.Equal($"Bearer {StandIn.EntraToken}", StandIn.LastRequest.Header("Authorization"));
        Assert.Single(answer.Embeddings!);
    }

    [Fact]
    public async Task Azure_EntraSecretWrong_FailsWithTheTokenEndpointsError()
    {
        var http = Client(null, (ExternalModelOptions.EntraTokenKey, StandIn.Root));
        using var model = await CreateAsync(OpenAiProvider.ProviderName, LlmTask.Chat, "gpt-4o", new JsonObject
        {
            ["openai_api_type"] = "azuread",
            ["openai_api_base"] = StandIn.Root,
            ["openai_deployment_name"] = "my-gpt",
            ["openai_api_version"] = "2024-02-01",
            ["microsoft_entra_client_id"] = "client-1",
            ["microsoft_entra_tenant_id"] = "tenant-1",
            ["microsoft_entra_client_secret_plaintext"] = "wrong-secret-value",
        }, http, Keys);

        var error = await Assert.ThrowsAsync<ProviderException>(() => model.GenerateAsync(Chat(User("hi")), CancellationToken.None));

        Assert.Equal(401, error.Status);
        Assert.Equal("invalid_client", error.Message);
    }

    [Fact]
    public async Task Custom_ApiKeyAuth_SendsTheNamedHeaderAndTopK()
    {
        StandIn.CustomHeader = "X-Api-Key";
        // A custom provider is an OpenAI-compatible server such as vLLM, which takes top_k beyond OpenAI's fields.
        StandIn.Extensions = new HashSet<string> { "top_k" };
        using var model = await CreateAsync(CustomProvider.ProviderName, LlmTask.Chat, "llama3", new JsonObject
        {
            ["custom_provider_url"] = StandIn.BaseUrl,
            ["api_key_auth"] = new JsonObject { ["key"] = "X-Api-Key", ["value_plaintext"] = StandIn.ApiKey },
        }, Client(), Keys);

        var answer = await model.GenerateAsync(Chat(User("hi")) with { TopK = 40, MaxTokens = 30, MaxTokensAsCompletionTokens = true }, CancellationToken.None);

        Assert.Equal("/v1/chat/completions", StandIn.LastRequest.Path);
        // Compatible servers are sent max_tokens, which all of them take, whatever name the caller used.
        Assert.Equal(30, (int)StandIn.LastRequest.Body!["max_tokens"]!);
        Assert.Null(StandIn.LastRequest.Body["max_completion_tokens"]);
        Assert.Equal(StandIn.ApiKey, StandIn.LastRequest.Header("X-Api-Key"));
        Assert.Equal(40, (int)StandIn.LastRequest.Body!["top_k"]!);
        Assert.Null(StandIn.LastRequest.Body["stream_options"]);
        Assert.Equal("llama3", answer.Model);
    }

    [Fact]
    public async Task Custom_BearerAndNoAuth_BothServed()
    {
        using var bearer = await CreateAsync(CustomProvider.ProviderName, LlmTask.Chat, "llama3", new JsonObject
        {
            ["custom_provider_url"] = StandIn.BaseUrl,
            ["bearer_token_auth"] = new JsonObject { ["token_plaintext"] = StandIn.ApiKey },
        }, Client(), Keys);
        using var open = await CreateAsync(CustomProvider.ProviderName, LlmTask.Chat, "llama3", new JsonObject
        {
            ["custom_provider_url"] = StandIn.BaseUrl,
        }, Client(), Keys);

        await bearer.GenerateAsync(Chat(User("hi")), CancellationToken.None);
        var refused = await Assert.ThrowsAsync<ProviderException>(() => open.GenerateAsync(Chat(User("hi")), CancellationToken.None));
        StandIn.AllowAnonymous = true;
        await open.GenerateAsync(Chat(User("hi")), CancellationToken.None);

        Assert.Equal($"Bearer {StandIn.ApiKey}", StandIn.Requests[0].Header("Authorization"));
        Assert.Equal(401, refused.Status);
        Assert.Null(StandIn.LastRequest.Header("Authorization"));
    }

    [Fact]
    public async Task Databricks_PostsToTheEndpointsInvocationsWithBearer()
    {
        using var model = await CreateAsync(DatabricksModelServingProvider.ProviderName, LlmTask.Chat, "my-llm", new JsonObject
        {
            ["databricks_workspace_url"] = StandIn.Root,
            ["databricks_api_token_plaintext"] = StandIn.ApiKey,
        }, Client(), Keys);

        var answer = await model.GenerateAsync(Chat(User("hi")) with { MaxTokens = 50 }, CancellationToken.None);
        var streamed = await CollectAsync(model.StreamAsync(Chat(User("hi")) with { Stream = true }, CancellationToken.None));

        Assert.Equal("/serving-endpoints/my-llm/invocations", StandIn.LastRequest.Path);
        Assert.Equal($"Bearer {StandIn.ApiKey}", StandIn.LastRequest.Header("Authorization"));
        Assert.Null(StandIn.LastRequest.Body!["model"]);
        Assert.Equal(StandIn.Reply, answer.Choices[0].Text);
        Assert.Equal(StandIn.Reply, TextOf(streamed));
    }

    [Fact]
    public async Task Databricks_Embeddings_SameUrlWithInput()
    {
        using var model = await CreateAsync(DatabricksModelServingProvider.ProviderName, LlmTask.Embeddings, "bge", new JsonObject
        {
            ["databricks_workspace_url"] = StandIn.Root,
            ["databricks_api_token_plaintext"] = StandIn.ApiKey,
        }, Client(), Keys);

        var answer = await model.GenerateAsync(new LlmRequest { Task = LlmTask.Embeddings, Inputs = ["x", "y"] }, CancellationToken.None);

        Assert.Equal("/serving-endpoints/bge/invocations", StandIn.LastRequest.Path);
        Assert.Equal(2, answer.Embeddings!.Count);
    }

    [Fact]
    public async Task Ai21_CompletionsAskedAsOneUserMessage()
    {
        var http = Client(null, (Ai21LabsProvider.ProviderName, StandIn.BaseUrl));
        using var model = await CreateAsync(Ai21LabsProvider.ProviderName, LlmTask.Completions, "jamba-mini", new JsonObject
        {
            ["ai21labs_api_key_plaintext"] = StandIn.ApiKey,
        }, http, Keys);

        var answer = await model.GenerateAsync(new LlmRequest { Task = LlmTask.Completions, Prompts = ["Complete: one fish"] }, CancellationToken.None);
        var tooMany = await Assert.ThrowsAsync<ServingException>(() =>
            model.GenerateAsync(new LlmRequest { Task = LlmTask.Completions, Prompts = ["a", "b"] }, CancellationToken.None));

        Assert.Equal("/v1/chat/completions", StandIn.LastRequest.Path);
        Assert.Equal("jamba-mini", (string?)StandIn.LastRequest.Body!["model"]);
        Assert.Equal("Complete: one fish", (string?)StandIn.LastRequest.Body["messages"]![0]!["content"]);
        Assert.Equal(StandIn.Reply, answer.Choices[0].Text);
        Assert.Contains("one prompt", tooMany.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Ai21_Embeddings_RefusedWhenTheConfigIsRead()
    {
        var error = await Assert.ThrowsAsync<ServingException>(() => CreateAsync(Ai21LabsProvider.ProviderName, LlmTask.Embeddings, "jamba-mini",
            new JsonObject { ["ai21labs_api_key_plaintext"] = "k" }, Client(), Keys));

        Assert.Equal(ErrorCode.InvalidParameterValue, error.Code);
        Assert.Contains("ai21labs", error.Message, StringComparison.Ordinal);
    }
}
