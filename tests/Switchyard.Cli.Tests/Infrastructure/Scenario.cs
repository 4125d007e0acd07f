using System.Text.Json.Nodes;

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

    /// <summary>model-A's answer for the row: x1 + 2·x2 + 3·x3 + 4·x4 + 0.5.</summary>
    public const double ExpectedA = 30.5;

    /// <summary>model-B's answer for the row: sigmoid(0.5·x1 − 0.25·x2 + 0.125·x3 + x4 − 1).</summary>
    public static double ExpectedB => 1 / (1 + Math.Exp(-((0.5 * 1) - (0.25 * 2) + (0.125 * 3) + 4 - 1)));

    public static string RepoRoot { get; } = FindRoot();

    public static string SampleModel(string folder) => Path.Combine(RepoRoot, "samples", "models", folder);

    /// <summary>The single number a sample model answers for the row, whether the row is a number or a named column.</summary>
    public static double Prediction(JsonObject answer)
    {
        var first = answer["predictions"]!.AsArray()[0]!;
        return first is JsonObject row ? row.First().Value!.GetValue<double>() : first.GetValue<double>();
    }

    private static string FindRoot()
    {
        for (var folder = new DirectoryInfo(AppContext.BaseDirectory); folder is not null; folder = folder.Parent)
        {
            if (File.Exists(Path.Combine(folder.FullName, "Switchyard.slnx")))
            {
                return folder.FullName;
            }
        }

        throw new InvalidOperationException("The repository root (Switchyard.slnx) is not above the test folder.");
    }
}
