using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Switchyard.Bench.Driving;
using Switchyard.Core.Endpoints;
using Switchyard.Core.Llm;
using Microsoft.Extensions.DependencyInjection;
using Switchyard.Providers;
using Switchyard.Providers.Http;

namespace Switchyard.Bench.Providers;

/// <summary>
/// What one provider call costs us, without the network: each provider's model answers an agent-style
/// chat (system prompt, three turns, two tools, sampling knobs) through an in-memory handler that
/// reads the whole request body and answers a canned reply in the provider's format. So the figure
/// is our side only: writing the provider's body (and signing it, for Bedrock), reading its answer
/// into ours. Calls run one after another on one thread; µs and bytes per call, after every
/// provider has warmed up.
///   provider-calls [--calls 20000] [--rounds 3]
/// </summary>
public static class ProviderCallRun
{
    private const string BaseUrl = "http://provider.invalid";

    public static async Task<int> RunAsync(string[] args)
    {
        var read = new BenchArguments(args);
        var calls = read.Int("--calls", 20_000);
        var rounds = read.Int("--rounds", 3);
        var http = new ProviderHttp(new HttpMessageInvoker(new CannedAnswers()), Options());
        var catalog = new ServiceCollection().AddExternalModels().BuildServiceProvider().GetRequiredService<ExternalProviderCatalog>();
        var request = AgentChat();

        var models = new List<(string Provider, IGenerativeModel Model)>();
        foreach (var (provider, field, model, config) in Providers())
        {
            if (!catalog.TryGet(provider, out var served))
            {
                throw new InvalidOperationException($"provider {provider} is not built in");
            }

            var spec = new ExternalModelSpec(model, provider, LlmTask.Chat, config);
            models.Add((provider, await served.CreateAsync(
                new ProviderContext(spec, config, $"external_model.{field}", new ProviderKeys(null!, null!, "bench@example.com"), http), default)));
        }

        // Every provider warms up before any is timed, and the rounds take the providers in turn:
        // the code they share is compiled at its final tier before the first figure, whichever runs first.
        foreach (var (_, model) in models)
        {
            await CallAsync(model, request, calls / 2);
        }

        var micros = models.Select(static _ => new List<string>()).ToArray();
        var bytes = new long[models.Count];
        for (var round = 0; round < rounds; round++)
        {
            for (var i = 0; i < models.Count; i++)
            {
                var allocated = GC.GetTotalAllocatedBytes(precise: true);
                var started = Stopwatch.GetTimestamp();
                await CallAsync(models[i].Model, request, calls);
                micros[i].Add((Stopwatch.GetElapsedTime(started).TotalMicroseconds / calls).ToString("F2", CultureInfo.InvariantCulture));
                bytes[i] = (GC.GetTotalAllocatedBytes(precise: true) - allocated) / calls;
            }
        }

        // The first provider (OpenAI) is the baseline: each one's last round as a ratio to its last
        // round, in the same run, says more than µs on a box whose speed drifts between runs.
        Console.WriteLine("| provider | µs per call (each round) | last round ÷ the first provider's | bytes per call |");
        Console.WriteLine("|---|---:|---:|---:|");
        var baseline = double.Parse(micros[0][^1], CultureInfo.InvariantCulture);
        for (var i = 0; i < models.Count; i++)
        {
            var ratio = double.Parse(micros[i][^1], CultureInfo.InvariantCulture) / baseline;
            Console.WriteLine($"| {models[i].Provider} | {string.Join(" · ", micros[i])} | {ratio:F2}× | {bytes[i]:N0} |");
            models[i].Model.Dispose();
        }

        return 0;
    }

    private static async Task CallAsync(IGenerativeModel model, LlmRequest request, int calls)
    {
        for (var i = 0; i < calls; i++)
        {
            var answer = await model.GenerateAsync(request, default);
            if (answer.Choices.Count != 1)
            {
                throw new InvalidOperationException("the canned answer was not read as one choice");
            }
        }
    }

    private static ExternalModelOptions Options()
    {
        var options = new ExternalModelOptions { RequestTimeout = TimeSpan.FromSeconds(30) };
        foreach (var provider in new[] { "openai", "anthropic", "cohere", "google-cloud-vertex-ai", "amazon-bedrock" })
        {
            options.BaseUrls[provider] = BaseUrl;
        }

        return options;
    }

    private static IEnumerable<(string Provider, string Field, string Model, JsonObject Config)> Providers()
    {
        using var rsa = RSA.Create(2048);
        var serviceAccount = new JsonObject
        {
            ["type"] = "service_account",
            ["client_email"] = "bench@project.iam.gserviceaccount.com",
            ["private_key"] = rsa.ExportPkcs8PrivateKeyPem(),
            ["private_key_id"] = "bench-1",
            ["token_uri"] = $"{BaseUrl}/token",
        }.ToJsonString();
        yield return ("openai", "openai_config", "gpt-4o", new JsonObject { ["openai_api_key_plaintext"] = "sk-bench" });
        yield return ("anthropic", "anthropic_config", "claude-3-5-sonnet", new JsonObject { ["anthropic_api_key_plaintext"] = "sk-ant-bench" });
        yield return ("cohere", "cohere_config", "command-r", new JsonObject { ["cohere_api_key_plaintext"] = "co-bench" });
        yield return ("google-cloud-vertex-ai", "google_cloud_vertex_ai_config", "gemini-1.5-pro",
            new JsonObject { ["project_id"] = "bench", ["region"] = "us-central1", ["private_key_plaintext"] = serviceAccount });
        yield return ("amazon-bedrock", "amazon_bedrock_config", "anthropic.claude-3-5-sonnet", new JsonObject
        {
            ["aws_region"] = "us-east-1",
            ["aws_access_key_id_plaintext"] = "AKIABENCH",
            ["aws_secret_access_key_plaintext"] = "bench-secret",
            ["bedrock_provider"] = "anthropic",
        });
    }

    /// <summary>An agent's turn: a system prompt, a question, a tool call and its result, two tools, knobs set.</summary>
    private static LlmRequest AgentChat()
    {
        var call = new JsonArray(new JsonObject
        {
            ["id"] = "call_1",
            ["type"] = "function",
            ["function"] = new JsonObject { ["name"] = "get_weather", ["arguments"] = """{"city":"Paris","unit":"celsius"}""" },
        });
        var tools = new JsonArray(Tool("get_weather", "The weather now in a city."), Tool("get_forecast", "The forecast for a city, day by day."));
        return new LlmRequest
        {
            Task = LlmTask.Chat,
            Messages =
            [
                new ChatMessage(ChatRoles.System, "You are a concise travel assistant. Answer in two sentences at most."),
                new ChatMessage(ChatRoles.User, "What should I wear in Paris tomorrow, and will it rain in the afternoon?"),
                new ChatMessage(ChatRoles.Assistant, null, call),
                new ChatMessage(ChatRoles.Tool, """{"temperature": 14, "sky": "cloudy", "rain_probability": 0.6}""", ToolCallId: "call_1"),
            ],
            Tools = tools,
            MaxTokens = 256,
            Temperature = 0.3,
            TopP = 0.9,
            Stop = ["\n\nUser:"],
        };
    }

    private static JsonObject Tool(string name, string description) => new()
    {
        ["type"] = "function",
        ["function"] = new JsonObject
        {
            ["name"] = name,
            ["description"] = description,
            ["parameters"] = JsonNode.Parse("""{"type":"object","properties":{"city":{"type":"string"},"unit":{"type":"string","enum":["celsius","fahrenheit"]}},"required":["city"]}"""),
        },
    };

    /// <summary>Reads each request's body to the end, as a socket would, and answers the provider's canned reply.</summary>
    private sealed class CannedAnswers : HttpMessageHandler
    {
        private static readonly byte[] Token = Encoding.UTF8.GetBytes("""{"access_token":"ya29.bench","expires_in":3600,"token_type":"Bearer"}""");
        private static readonly byte[] OpenAi = Encoding.UTF8.GetBytes("""{"id":"chatcmpl-1","object":"chat.completion","created":1700000000,"model":"gpt-4o","choices":[{"index":0,"message":{"role":"assistant","content":"Wear a light jacket and take an umbrella: rain is likely after 2 pm."},"finish_reason":"stop"}],"usage":{"prompt_tokens":96,"completion_tokens":17,"total_tokens":113}}""");
        private static readonly byte[] Anthropic = Encoding.UTF8.GetBytes("""{"id":"msg_1","type":"message","role":"assistant","model":"claude-3-5-sonnet","content":[{"type":"text","text":"Wear a light jacket and take an umbrella: rain is likely after 2 pm."}],"stop_reason":"end_turn","stop_sequence":null,"usage":{"input_tokens":96,"output_tokens":17}}""");
        private static readonly byte[] Cohere = Encoding.UTF8.GetBytes("""{"id":"c-1","finish_reason":"COMPLETE","message":{"role":"assistant","content":[{"type":"text","text":"Wear a light jacket and take an umbrella: rain is likely after 2 pm."}]},"usage":{"billed_units":{"input_tokens":96,"output_tokens":17},"tokens":{"input_tokens":96,"output_tokens":17}}}""");
        private static readonly byte[] Gemini = Encoding.UTF8.GetBytes("""{"candidates":[{"content":{"role":"model","parts":[{"text":"Wear a light jacket and take an umbrella: rain is likely after 2 pm."}]},"finishReason":"STOP","index":0}],"usageMetadata":{"promptTokenCount":96,"candidatesTokenCount":17,"totalTokenCount":113},"modelVersion":"gemini-1.5-pro-002","responseId":"r-1"}""");
        private static readonly byte[] Converse = Encoding.UTF8.GetBytes("""{"output":{"message":{"role":"assistant","content":[{"text":"Wear a light jacket and take an umbrella: rain is likely after 2 pm."}]}},"stopReason":"end_turn","usage":{"inputTokens":96,"outputTokens":17,"totalTokens":113},"metrics":{"latencyMs":12}}""");

        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            if (request.Content is { } content)
            {
                await content.CopyToAsync(Stream.Null, cancellationToken);
            }

            var path = request.RequestUri!.AbsolutePath;
            var answer = path switch
            {
                _ when path.EndsWith("/token", StringComparison.Ordinal) => Token,
                _ when path.EndsWith("/chat/completions", StringComparison.Ordinal) => OpenAi,
                _ when path.EndsWith("/messages", StringComparison.Ordinal) => Anthropic,
                _ when path.EndsWith("/v2/chat", StringComparison.Ordinal) => Cohere,
                _ when path.EndsWith(":generateContent", StringComparison.Ordinal) => Gemini,
                _ when path.EndsWith("/converse", StringComparison.Ordinal) => Converse,
                _ => throw new InvalidOperationException($"no canned answer for {path}"),
            };
            return new HttpResponseMessage(HttpStatusCode.OK) { Content = new ByteArrayContent(answer) };
        }
    }
}
