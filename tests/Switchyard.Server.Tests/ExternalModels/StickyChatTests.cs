using System.Globalization;
using System.Text;
using Switchyard.Core.Routing;
using Switchyard.Server.Tests.Infrastructure;

namespace Switchyard.Server.Tests.ExternalModels;

/// <summary>The OpenAI-compatible paths (the endpoint named by the body's model) carry the same assignment headers.</summary>
public sealed class StickyChatTests
{
    private static readonly string StickyBody = ExternalModelHost.MissionBody.Replace(
        "\"traffic_config\": {\"routes\"", "\"traffic_config\": {\"sticky\": {\"header\": \"x-user-id\", \"salt\": \"chat\"}, \"routes\"", StringComparison.Ordinal);

    private static async Task<(string Served, string? Bucket, string Version)> ChatAsync(ExternalModelHost host, string path, string body, string? userId)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = new StringContent(body, Encoding.UTF8, "application/json") };
        if (userId is not null)
        {
            request.Headers.Add("x-user-id", userId);
        }

        using var response = await host.Server.Client.SendAsync(request);
        Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync());
        return (response.Headers.GetValues("served-model-name").Single(),
            response.Headers.TryGetValues("x-assignment-bucket", out var bucket) ? bucket.Single() : null,
            response.Headers.GetValues("x-config-version").Single());
    }

    private static string Expected(string unitKey) => AssignmentBucket.Of("chat", unitKey) < 5000 ? "served_model_name_1" : "served_model_name_2";

    [Fact]
    public async Task ChatCompletions_ByModelField_AreStickyByHeaderOrClientRequestId_AndCarryTheVersion()
    {
        await using var host = await ExternalModelHost.StartAsync();
        await ApiAssert.OkJsonAsync(await host.Server.PostJsonAsync("/api/2.0/serving-endpoints/", StickyBody));
        await MissionScenario.WaitForUpdateAsync(host.Server, "mix-chat-endpoint");
        var byModel = ExternalModelHost.ChatQuery.Replace("{\"messages\"", "{\"model\": \"mix-chat-endpoint\", \"messages\"", StringComparison.Ordinal);
        foreach (var user in new[] { "user-1", "user-2", "user-3", "user-4" })
        {
            var bucket = AssignmentBucket.Of("chat", user).ToString(CultureInfo.InvariantCulture);
            for (var i = 0; i < 5; i++)
            {
                Assert.Equal((Expected(user), bucket, "1"), await ChatAsync(host, "/serving-endpoints/chat/completions", byModel, user));
                Assert.Equal((Expected(user), bucket, "1"), await ChatAsync(host, "/serving-endpoints/mix-chat-endpoint/invocations", ExternalModelHost.ChatQuery, user));
            }

            var withClientId = byModel.Replace("{\"model\"", $"{{\"client_request_id\": \"{user}\", \"model\"", StringComparison.Ordinal);
            Assert.Equal((Expected(user), bucket, "1"), await ChatAsync(host, "/serving-endpoints/chat/completions", withClientId, null));
        }

        var (_, none, version) = await ChatAsync(host, "/serving-endpoints/chat/completions", byModel, null);
        Assert.Equal((null, "1"), (none, version));
    }

    [Fact]
    public async Task ChatCompletions_OnANonStickyEndpoint_CarryTheVersion()
    {
        await using var host = await ExternalModelHost.StartAsync();
        await host.CreateMissionEndpointAsync();
        var byModel = ExternalModelHost.ChatQuery.Replace("{\"messages\"", "{\"model\": \"mix-chat-endpoint\", \"messages\"", StringComparison.Ordinal);
        var (_, bucket, version) = await ChatAsync(host, "/serving-endpoints/chat/completions", byModel, "user-1");
        Assert.Equal((null, "1"), (bucket, version));
    }
}
