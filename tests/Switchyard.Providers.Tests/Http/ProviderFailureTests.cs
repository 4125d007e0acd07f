using System.Net;
using System.Net.Sockets;
using System.Text.Json.Nodes;
using Switchyard.Core.Endpoints;
using Switchyard.Core.Llm;
using Switchyard.Testing.Providers;
using static Switchyard.Providers.Tests.Models;
using Switchyard.Providers.OpenAi;

namespace Switchyard.Providers.Tests.Http;

/// <summary>One error path for every provider: status, the provider's message, Retry-After, timeouts, unreachable hosts, and never a key.</summary>
public sealed class ProviderFailureTests : StandInTests<OpenAiStandIn>
{
    protected override Task<OpenAiStandIn> StartStandInAsync() => OpenAiStandIn.StartAsync();

    private Task<IGenerativeModel> ModelAsync(string baseUrl, TimeSpan? timeout = null) =>
        CreateAsync(OpenAiProvider.ProviderName, LlmTask.Chat, "gpt-4", new JsonObject
        {
            ["openai_api_key_plaintext"] = StandIn.ApiKey,
            ["openai_api_base"] = baseUrl,
        }, Client(timeout), Keys);

    [Fact]
    public async Task Generate_429_StatusMessageAndRetryAfter()
    {
        using var model = await ModelAsync(StandIn.BaseUrl);
        StandIn.FailNext(429, "Rate limit reached for gpt-4", TimeSpan.FromSeconds(7));

        var error = await Assert.ThrowsAsync<ProviderException>(() => model.GenerateAsync(Chat(User("hi")), CancellationToken.None));

        Assert.Equal("openai", error.Provider);
        Assert.Equal(429, error.Status);
        Assert.Equal("Rate limit reached for gpt-4", error.Message);
        Assert.Equal(TimeSpan.FromSeconds(7), error.RetryAfter);
        Assert.True(error.MayFallBack);
    }

    [Fact]
    public async Task Stream_500_FailsBeforeAnyChunk()
    {
        using var model = await ModelAsync(StandIn.BaseUrl);
        StandIn.FailNext(500, "The server had an error while processing your request.");

        var error = await Assert.ThrowsAsync<ProviderException>(() => CollectAsync(model.StreamAsync(Chat(User("hi")) with { Stream = true }, CancellationToken.None)));

        Assert.Equal(500, error.Status);
        Assert.Equal("The server had an error while processing your request.", error.Message);
        Assert.Null(error.RetryAfter);
    }

    [Fact]
    public async Task Generate_ProviderEchoesTheKey_KeyScrubbedFromTheMessage()
    {
        using var model = await ModelAsync(StandIn.BaseUrl);
        StandIn.FailNext(401, $"Incorrect API key provided: {StandIn.ApiKey}. You can find your API key at the dashboard.");

        var error = await Assert.ThrowsAsync<ProviderException>(() => model.GenerateAsync(Chat(User("hi")), CancellationToken.None));

        Assert.Equal(401, error.Status);
        Assert.DoesNotContain(StandIn.ApiKey, error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("0123456789", error.Message, StringComparison.Ordinal);
        Assert.StartsWith("Incorrect API key provided: ***", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Stream_ErrorEventAfterText_FailsWithTheProvidersMessage()
    {
        using var model = await ModelAsync(StandIn.BaseUrl);
        StandIn.ErrorEventNext();

        var (seen, error) = await CollectUntilFailureAsync(model.StreamAsync(Chat(User("hi")) with { Stream = true }, CancellationToken.None));

        Assert.Equal("Hello", TextOf(seen));
        Assert.Equal("The server had an error while processing your request.", error.Message);
    }

    [Fact]
    public async Task Generate_NoAnswerInTime_TimeoutNamingTheLimit()
    {
        using var model = await ModelAsync(StandIn.BaseUrl, TimeSpan.FromMilliseconds(300));
        StandIn.HangNext();

        var error = await Assert.ThrowsAsync<ProviderException>(() => model.GenerateAsync(Chat(User("hi")), CancellationToken.None));

        Assert.Null(error.Status);
        Assert.Equal("openai did not answer within 0.3s", error.Message);
        Assert.True(error.MayFallBack);
    }

    [Fact]
    public async Task Generate_AfterATimeoutAndACallerWhoLeft_NextQueriesAnswer()
    {
        using var model = await ModelAsync(StandIn.BaseUrl, TimeSpan.FromMilliseconds(300));
        StandIn.HangNext();
        await Assert.ThrowsAsync<ProviderException>(() => model.GenerateAsync(Chat(User("hi")), CancellationToken.None));
        StandIn.HangNext();
        using var caller = new CancellationTokenSource(TimeSpan.FromMilliseconds(50));

        // The caller's own cancellation passes through: it is not the provider's timeout.
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => model.GenerateAsync(Chat(User("hi")), caller.Token));

        for (var i = 0; i < 3; i++)
        {
            var answer = await model.GenerateAsync(Chat(User("hi")), CancellationToken.None);
            Assert.NotEmpty(answer.Choices);
        }
    }

    [Fact]
    public async Task Generate_NobodyListening_CouldNotReachHostAndPortOnly()
    {
        var port = FreePort();
        using var model = await ModelAsync($"http://127.0.0.1:{port}/v1?token=secret-in-query");

        var error = await Assert.ThrowsAsync<ProviderException>(() => model.GenerateAsync(Chat(User("hi")), CancellationToken.None));

        Assert.Null(error.Status);
        Assert.Equal($"could not reach openai at 127.0.0.1:{port}", error.Message);
    }

    [Fact]
    public async Task Generate_ErrorWithoutJson_ReasonPhrase()
    {
        using var model = await ModelAsync($"{StandIn.Root}/nowhere");

        var error = await Assert.ThrowsAsync<ProviderException>(() => model.GenerateAsync(Chat(User("hi")), CancellationToken.None));

        Assert.Equal(404, error.Status);
        Assert.Equal("Invalid URL (POST /nowhere/chat/completions)", error.Message);
    }

    [Fact]
    public async Task Stream_CallerCancels_StopsReadingAndThrowsCancellation()
    {
        using var model = await ModelAsync(StandIn.BaseUrl);
        using var cancel = new CancellationTokenSource();
        var seen = 0;

        await Assert.ThrowsAnyAsync<OperationCanceledException>(async () =>
        {
            await foreach (var chunk in model.StreamAsync(Chat(User("hi")) with { Stream = true }, cancel.Token))
            {
                seen++;
                await cancel.CancelAsync();
            }
        });

        Assert.Equal(1, seen);
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
