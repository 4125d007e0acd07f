using System.Text.Json.Nodes;
using Xunit;

namespace Switchyard.Testing.Hosting;

/// <summary>Waits on a serving endpoint's state, since creating or updating one deploys in the background.</summary>
public static class EndpointReadiness
{
    /// <summary>Polls until the endpoint is READY and NOT_UPDATING, and answers it; fails the test after a minute.</summary>
    public static async Task<JsonObject> WaitUntilReadyAsync(this ServerUnderTest server, string name)
    {
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (true)
        {
            var endpoint = await server.GetOkJsonAsync($"/api/2.0/serving-endpoints/{name}");
            var state = endpoint["state"]!;
            if ((string?)state["ready"] == "READY" && (string?)state["config_update"] == "NOT_UPDATING")
            {
                return endpoint;
            }

            Assert.True(DateTime.UtcNow < deadline, $"endpoint {name} not ready: {endpoint.ToJsonString()}");
            await Task.Delay(200);
        }
    }
}
