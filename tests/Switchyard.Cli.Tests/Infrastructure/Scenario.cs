using System.Text.Json.Nodes;
using Switchyard.SampleModels;
using Switchyard.Testing;

namespace Switchyard.Cli.Tests.Infrastructure;

/// <summary>The mission's A/B scenario as a CLI user runs it: the sample models and the documented bodies.</summary>
public static class Scenario
{
    /// <summary>The mission's create body (with the comma the document forgets after "name").</summary>
    public const string CreateBody = """
        {
          "name": "multi-model",
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

    public const string QueryBody = """{"dataframe_split": {"columns": ["x1", "x2", "x3", "x4"], "data": [[1, 2, 3, 4]]}}""";

    private static readonly double[] Row = [1, 2, 3, 4];

    /// <summary>model-A's answer for the row, from the weights the samples were generated with.</summary>
    public static double ExpectedA => SampleModelLibrary.ExpectedA(Row);

    /// <summary>model-B's answer for the row.</summary>
    public static double ExpectedB => SampleModelLibrary.ExpectedB(Row);

    public static string RepoRoot => RepoPaths.Root;

    public static string SampleModel(string folder) => RepoPaths.SampleModel(folder);

    /// <summary>The single number a sample model answers for the row, whether the row is a number or a named column.</summary>
    public static double Prediction(JsonObject answer)
    {
        var first = answer["predictions"]!.AsArray()[0]!;
        return first is JsonObject row ? row.First().Value!.GetValue<double>() : first.GetValue<double>();
    }
}
