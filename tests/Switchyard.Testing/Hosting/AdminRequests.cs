using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;

namespace Switchyard.Testing.Hosting;

/// <summary>
/// Requests with a body sent as the admin (<see cref="ServerUnderTest.Client"/>), the way tests
/// arrange and check things through the REST API; the answers are left to the test to judge.
/// </summary>
public static class AdminRequests
{
    public static Task<HttpResponseMessage> PostJsonAsync(this ServerUnderTest server, string path, string json) =>
        server.Client.PostAsync(path, Json(json));

    public static Task<HttpResponseMessage> PostJsonAsync(this ServerUnderTest server, string path, JsonNode body) =>
        server.PostJsonAsync(path, body.ToJsonString());

    public static Task<HttpResponseMessage> PutJsonAsync(this ServerUnderTest server, string path, string json) =>
        server.Client.PutAsync(path, Json(json));

    public static Task<HttpResponseMessage> PutJsonAsync(this ServerUnderTest server, string path, JsonNode body) =>
        server.PutJsonAsync(path, body.ToJsonString());

    public static Task<HttpResponseMessage> PatchJsonAsync(this ServerUnderTest server, string path, string json) =>
        server.Client.PatchAsync(path, Json(json));

    public static Task<HttpResponseMessage> PostBytesAsync(this ServerUnderTest server, string path, byte[] body, string contentType)
    {
        var content = new ByteArrayContent(body);
        content.Headers.ContentType = new MediaTypeHeaderValue(contentType);
        return server.Client.PostAsync(path, content);
    }

    /// <summary>GETs <paramref name="path"/> and answers its JSON object, failing the test unless the answer is a success.</summary>
    public static async Task<JsonObject> GetOkJsonAsync(this ServerUnderTest server, string path) =>
        await ApiAssert.OkJsonAsync(await server.Client.GetAsync(path));

    private static StringContent Json(string json) => new(json, Encoding.UTF8, "application/json");
}
