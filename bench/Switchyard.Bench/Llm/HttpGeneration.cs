using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;

namespace Switchyard.Bench.Llm;

/// <summary>
/// One generation through the endpoint over HTTP: the completions body (prompt, max_tokens,
/// temperature 0) to <c>/serving-endpoints/{name}/invocations</c>; answers
/// <c>usage.completion_tokens</c>, the count the server reports for what it produced.
/// </summary>
public sealed class HttpGeneration(HttpClient client, Uri invocations, string body)
{
    private static readonly MediaTypeHeaderValue Json = new("application/json");

    private readonly byte[] _body = Encoding.UTF8.GetBytes(body);

    public static string Body(string prompt, int maxTokens) => JsonSerializer.Serialize(new Dictionary<string, object>
    {
        ["prompt"] = prompt,
        ["max_tokens"] = maxTokens,
        ["temperature"] = 0,
    });

    public async Task<int> GenerateAsync(CancellationToken ct)
    {
        using var content = new ByteArrayContent(_body);
        content.Headers.ContentType = Json;
        using var answer = await client.PostAsync(invocations, content, ct);
        var bytes = await answer.Content.ReadAsByteArrayAsync(ct);
        if (!answer.IsSuccessStatusCode)
        {
            throw new InvalidOperationException($"{(int)answer.StatusCode}: {Encoding.UTF8.GetString(bytes)}");
        }

        using var json = JsonDocument.Parse(bytes);
        return json.RootElement.GetProperty("usage").GetProperty("completion_tokens").GetInt32();
    }
}
