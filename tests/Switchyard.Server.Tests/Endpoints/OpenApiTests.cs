using Microsoft.OpenApi;
using Microsoft.OpenApi.Models;
using Microsoft.OpenApi.Readers;
using Switchyard.Server.Tests.ExternalModels;
using Switchyard.Server.Tests.Infrastructure;

namespace Switchyard.Server.Tests.Endpoints;

/// <summary><c>GET /api/2.0/serving-endpoints/{name}/openapi</c>, read back with a real OpenAPI parser.</summary>
public sealed class OpenApiTests
{
    [Fact]
    public async Task OpenApi_OfCustomModels_IsValidAndNamesTheSignatureColumnsInEveryInputFormat()
    {
        await using var server = await ServerUnderTest.StartAsync();
        await MissionScenario.RegisterSamplesAsync(server);
        await ApiAssert.OkJsonAsync(await server.PostJsonAsync("/api/2.0/serving-endpoints", MissionScenario.CreateBody));
        await MissionScenario.WaitForUpdateAsync(server, "multi-model");

        var document = await ReadAsync(server, "multi-model");

        Assert.Contains("/serving-endpoints/multi-model/invocations", document.Paths.Keys);
        Assert.Contains("/serving-endpoints/multi-model/served-models/current/invocations", document.Paths.Keys);
        Assert.Contains("/serving-endpoints/multi-model/served-models/challenger/invocations", document.Paths.Keys);

        var pinned = document.Paths["/serving-endpoints/multi-model/served-models/current/invocations"].Operations[OperationType.Post];
        var request = pinned.RequestBody.Content["application/json"].Schema;
        Assert.Equal(4, request.OneOf.Count);
        var formats = request.OneOf.Select(static f => f.Properties.Keys.First()).ToList();
        Assert.Equal(["dataframe_split", "dataframe_records", "instances", "inputs"], formats);

        var split = request.OneOf[0].Properties["dataframe_split"];
        Assert.Equal(["x1", "x2", "x3", "x4"], split.Properties["columns"].Items.Enum.Select(static e => ((Microsoft.OpenApi.Any.OpenApiString)e).Value));
        var record = request.OneOf[1].Properties["dataframe_records"].Items;
        Assert.Equal(["x1", "x2", "x3", "x4"], record.Properties.Keys);
        Assert.All(record.Properties.Values, static column => Assert.Equal(("number", "double"), (column.Type, column.Format)));
        Assert.Equal(["x1", "x2", "x3", "x4"], record.Required.Order());

        var answer = pinned.Responses["200"].Content["application/json"].Schema;
        Assert.Contains("predictions", answer.Properties.Keys);
        Assert.Contains("predictions", answer.Required);
    }

    [Fact]
    public async Task OpenApi_OfAnExternalChatEndpoint_DescribesChatRequestsAndAnswers()
    {
        await using var host = await ExternalModelHost.StartAsync();
        await host.CreateMissionEndpointAsync();

        var document = await ReadAsync(host.Server, "mix-chat-endpoint");

        var operation = document.Paths["/serving-endpoints/mix-chat-endpoint/served-models/served_model_name_1/invocations"].Operations[OperationType.Post];
        var request = operation.RequestBody.Content["application/json"].Schema;
        Assert.Contains("messages", request.Properties.Keys);
        Assert.Contains("messages", request.Required);
        Assert.Equal(["role", "content"], request.Properties["messages"].Items.Properties.Keys);
        var answer = operation.Responses["200"].Content["application/json"].Schema;
        Assert.Contains("choices", answer.Properties.Keys);
        Assert.Contains("message", answer.Properties["choices"].Items.Properties.Keys);
    }

    [Fact]
    public async Task OpenApi_NeedsCanQuery()
    {
        await using var server = await ServerUnderTest.StartAsync();
        await MissionScenario.RegisterSamplesAsync(server);
        await ApiAssert.OkJsonAsync(await server.PostJsonAsync("/api/2.0/serving-endpoints", MissionScenario.CreateBody));
        var id = (string)(await ApiAssert.OkJsonAsync(await server.Client.GetAsync("/api/2.0/serving-endpoints/multi-model")))["id"]!;
        var (_, token) = await server.CreateUserWithTokenAsync("viewer@example.com");
        await ApiAssert.OkJsonAsync(await server.PatchJsonAsync("/api/2.0/permissions/serving-endpoints/" + id,
            """{"access_control_list": [{"user_name": "viewer@example.com", "permission_level": "CAN_VIEW"}]}"""));
        var viewer = server.ClientFor(token);

        await ApiAssert.ErrorAsync(await viewer.GetAsync("/api/2.0/serving-endpoints/multi-model/openapi"), 403, "PERMISSION_DENIED");
        await ApiAssert.ErrorAsync(await server.Client.GetAsync("/api/2.0/serving-endpoints/nowhere/openapi"), 404, "RESOURCE_DOES_NOT_EXIST");
    }

    /// <summary>Fetches the document and parses it, failing on any error the reader reports.</summary>
    private static async Task<OpenApiDocument> ReadAsync(ServerUnderTest server, string endpoint)
    {
        var response = await server.Client.GetAsync($"/api/2.0/serving-endpoints/{endpoint}/openapi");
        Assert.Equal(System.Net.HttpStatusCode.OK, response.StatusCode);
        await using var body = await response.Content.ReadAsStreamAsync();
        var document = new OpenApiStreamReader().Read(body, out var diagnostic);
        Assert.True(diagnostic.Errors.Count == 0, string.Join("; ", diagnostic.Errors.Select(static e => $"{e.Pointer}: {e.Message}")));
        Assert.Equal(OpenApiSpecVersion.OpenApi3_0, diagnostic.SpecificationVersion);
        return document;
    }
}
