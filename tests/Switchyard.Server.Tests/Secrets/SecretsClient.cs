using System.Net;
using System.Text;
using System.Text.Json.Nodes;

namespace Switchyard.Server.Tests.Secrets;

/// <summary>Calls the secrets API and keeps every answer's body, so a test can search all of them for a value.</summary>
internal sealed class SecretsClient(ServerUnderTest server)
{
    private readonly List<string> _bodies = [];

    public IReadOnlyList<string> Bodies => _bodies;

    public Task<(HttpStatusCode Status, JsonObject Body)> PostAsync(string path, object body) =>
        SendAsync(new HttpRequestMessage(HttpMethod.Post, "/api/2.0/secrets/" + path)
        {
            Content = new StringContent(JsonSerializerText(body), Encoding.UTF8, "application/json"),
        });

    public Task<(HttpStatusCode Status, JsonObject Body)> PostRawAsync(string path, string json) =>
        SendAsync(new HttpRequestMessage(HttpMethod.Post, "/api/2.0/secrets/" + path)
        {
            Content = new StringContent(json, Encoding.UTF8, "application/json"),
        });

    public Task<(HttpStatusCode Status, JsonObject Body)> GetAsync(string pathAndQuery) =>
        SendAsync(new HttpRequestMessage(HttpMethod.Get, "/api/2.0/secrets/" + pathAndQuery));

    /// <summary>Posts and expects a 200 with a JSON object.</summary>
    public async Task<JsonObject> OkAsync(string path, object body)
    {
        var (status, answer) = await PostAsync(path, body);
        Assert.True(status == HttpStatusCode.OK, $"{path}: {(int)status} {answer.ToJsonString()}");
        return answer;
    }

    public async Task<JsonObject> GetOkAsync(string pathAndQuery)
    {
        var (status, answer) = await GetAsync(pathAndQuery);
        Assert.True(status == HttpStatusCode.OK, $"{pathAndQuery}: {(int)status} {answer.ToJsonString()}");
        return answer;
    }

    /// <summary>Expects an error with this status and code.</summary>
    public static void AssertError((HttpStatusCode Status, JsonObject Body) answer, int status, string errorCode)
    {
        Assert.True((int)answer.Status == status, $"expected {status}, got {(int)answer.Status}: {answer.Body.ToJsonString()}");
        Assert.Equal(errorCode, (string?)answer.Body["error_code"]);
        Assert.False(string.IsNullOrWhiteSpace((string?)answer.Body["message"]));
    }

    private async Task<(HttpStatusCode, JsonObject)> SendAsync(HttpRequestMessage request)
    {
        using (request)
        {
            using var response = await server.Client.SendAsync(request);
            var text = await response.Content.ReadAsStringAsync();
            _bodies.Add(text);
            Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
            return (response.StatusCode, JsonNode.Parse(text)!.AsObject());
        }
    }

    private static string JsonSerializerText(object body) => System.Text.Json.JsonSerializer.Serialize(body);
}
