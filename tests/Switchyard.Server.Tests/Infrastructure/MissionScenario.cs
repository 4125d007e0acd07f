using System.Text.Json;
using System.Text.Json.Nodes;
using Switchyard.SampleModels;

namespace Switchyard.Server.Tests.Infrastructure;

/// <summary>
/// The scenario of the mission: two sample models registered as catalog.schema.model-A and
/// model-B, and the requests the source document writes.
/// </summary>
public static class MissionScenario
{
    public const string ModelA = "catalog.schema.model-A";
    public const string ModelB = "catalog.schema.model-B";

    /// <summary>The create body as the document writes it: the comma after "name" is missing.</summary>
    public const string CreateBodyAsWritten = """
        {
          "name": "multi-model"
          "config": {
            "served_entities": [
              {"name": "current", "entity_name": "catalog.schema.model-A", "entity_version": "1",
               "workload_size": "Small", "scale_to_zero_enabled": true},
              {"name": "challenger", "entity_name": "catalog.schema.model-B", "entity_version": "1",
               "workload_size": "Small", "scale_to_zero_enabled": true}
            ],
            "traffic_config": {"routes": [
              {"served_model_name": "current", "traffic_percentage": 90},
              {"served_model_name": "challenger", "traffic_percentage": 10}
            ]}
          }
        }
        """;

    /// <summary>The same body, corrected.</summary>
    public static string CreateBody => CreateBodyAsWritten.Replace("\"multi-model\"\n", "\"multi-model\",\n", StringComparison.Ordinal);

    /// <summary>The update to 50/50, percentages written as strings as the document also does.</summary>
    public const string UpdateTo5050 = """
        {
          "served_entities": [
            {"name": "current", "entity_name": "catalog.schema.model-A", "entity_version": "1",
             "workload_size": "Small", "scale_to_zero_enabled": true},
            {"name": "challenger", "entity_name": "catalog.schema.model-B", "entity_version": "1",
             "workload_size": "Small", "scale_to_zero_enabled": true}
          ],
          "traffic_config": {"routes": [
            {"served_model_name": "current", "traffic_percentage": "50"},
            {"served_model_name": "challenger", "traffic_percentage": "50"}
          ]}
        }
        """;

    public static readonly double[] Row = [1, 2, 3, 4];

    public const string QueryBody = """{"dataframe_split": {"columns": ["x1", "x2", "x3", "x4"], "data": [[1, 2, 3, 4]]}}""";

    public static Task RegisterSamplesAsync(ServerUnderTest server) => server.RegisterSampleModelsAsync();

    /// <summary>Adds a version of catalog.schema.<paramref name="modelName"/> (creating the model if new) and answers its number.</summary>
    public static Task<int> RegisterAsync(ServerUnderTest server, string modelName, string sourceFolder) =>
        server.RegisterModelVersionAsync($"catalog.schema.{modelName}", sourceFolder);

    /// <summary>Polls the endpoint as SDK clients do, until state.config_update leaves IN_PROGRESS.</summary>
    public static async Task<JsonObject> WaitForUpdateAsync(ServerUnderTest server, string name, TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(60));
        while (true)
        {
            var endpoint = await ApiAssert.OkJsonAsync(await server.Client.GetAsync($"/api/2.0/serving-endpoints/{name}"));
            if ((string?)endpoint["state"]?["config_update"] != "IN_PROGRESS")
            {
                return endpoint;
            }

            Assert.True(DateTime.UtcNow < deadline, $"endpoint {name} still updating: {endpoint.ToJsonString()}");
            await Task.Delay(20);
        }
    }

    /// <summary>The single number a sample model answers for one row.</summary>
    public static double PredictionOf(JsonObject answer)
    {
        var row = answer["predictions"]!.AsArray()[0]!.AsObject();
        return row.First().Value!.GetValue<double>();
    }

    public static double Expected(string servedName) => servedName switch
    {
        "current" => SampleModelLibrary.ExpectedA(Row),
        "challenger" => SampleModelLibrary.ExpectedB(Row),
        _ => throw new ArgumentOutOfRangeException(nameof(servedName), servedName, "not a served entity of the scenario"),
    };

    public static JsonObject Parse(string json) => JsonNode.Parse(json)!.AsObject();

    public static string Serialize(JsonObject body) => body.ToJsonString(new JsonSerializerOptions { WriteIndented = false });
}
