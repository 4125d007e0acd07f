using System.Net.Http.Headers;
using System.Text;

namespace Switchyard.Server.Tests.ExternalModels;

/// <summary>Reads a server-sent event stream the way MLflow's client does: every non-empty line must be <c>data: …</c>.</summary>
public static class SseClient
{
    /// <summary>Posts <paramref name="json"/> and answers the data of each event, in order.</summary>
    public static async Task<List<string>> PostAsync(HttpClient client, string path, string json)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = new StringContent(json, Encoding.UTF8, "application/json") };
        using var response = await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
        if (!response.IsSuccessStatusCode)
        {
            await ApiAssert.OkJsonAsync(response);
        }

        Assert.Equal(new MediaTypeHeaderValue("text/event-stream"), response.Content.Headers.ContentType);
        var events = new List<string>();
        using var reader = new StreamReader(await response.Content.ReadAsStreamAsync());
        while (await reader.ReadLineAsync() is { } line)
        {
            if (line.Length == 0)
            {
                continue;
            }

            Assert.StartsWith("data: ", line, StringComparison.Ordinal);
            events.Add(line["data: ".Length..]);
        }

        return events;
    }
}
