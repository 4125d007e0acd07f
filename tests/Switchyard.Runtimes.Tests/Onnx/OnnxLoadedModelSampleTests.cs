using System.Globalization;
using System.Text;
using System.Text.Json;
using Switchyard.Runtimes.Tests.Common;
using Switchyard.SampleModels;

namespace Switchyard.Runtimes.Tests.Onnx;

/// <summary>Each request format of the MLflow protocol against the two sample models, checked numerically.</summary>
[Collection(ModelsCollection.Name)]
public sealed class OnnxLoadedModelSampleTests(ModelsFixture models)
{
    private static readonly double[][] Rows =
    [
        [1, 2, 3, 4],
        [0.5, -1, 2.25, 0],
        [-3, 0, 0.001, 10],
        [1e3, -2.5e2, 7.125, -0.0625],
    ];

    public static TheoryData<string, string> Formats() => new()
    {
        { "a", "dataframe_split" }, { "a", "dataframe_split_reordered" }, { "a", "dataframe_records" },
        { "a", "instances_objects" }, { "a", "inputs_columns" },
        { "b", "dataframe_split" }, { "b", "dataframe_split_reordered" }, { "b", "dataframe_records" },
        { "b", "instances_objects" }, { "b", "inputs_columns" },
    };

    [Theory]
    [MemberData(nameof(Formats))]
    public void Score_DataFrameLikeFormat_AnswersRecordsMatchingExpected(string model, string format)
    {
        var predictions = ScoreCalls.Predictions(Model(model), Body(format));

        Assert.Equal(JsonValueKind.Array, predictions.ValueKind);
        Assert.Equal(Rows.Length, predictions.GetArrayLength());
        for (var r = 0; r < Rows.Length; r++)
        {
            var record = predictions[r];
            Assert.Single(record.EnumerateObject());
            ScoreCalls.Close(Expected(model, Rows[r]), record.GetProperty(OutputName(model)).GetDouble());
        }
    }

    [Theory]
    [InlineData("a", "instances")]
    [InlineData("a", "inputs")]
    [InlineData("b", "instances")]
    [InlineData("b", "inputs")]
    public void Score_TensorFormatOfRows_AnswersNamedNestedList(string model, string key)
    {
        var body = $"{{\"{key}\": {RowsJson()}}}";

        var predictions = ScoreCalls.Predictions(Model(model), body);

        var output = predictions.GetProperty(OutputName(model));
        Assert.Equal(Rows.Length, output.GetArrayLength());
        for (var r = 0; r < Rows.Length; r++)
        {
            Assert.Equal(1, output[r].GetArrayLength());
            ScoreCalls.Close(Expected(model, Rows[r]), output[r][0].GetDouble());
        }
    }

    [Fact]
    public void Score_ModelAOneRow_WritesFloat32ShortestText()
    {
        var (result, _, text) = ScoreCalls.Score(models.ModelA, "{\"dataframe_split\": {\"columns\": [\"x1\",\"x2\",\"x3\",\"x4\"], \"data\": [[1,2,3,4]]}}");

        Assert.True(result.Succeeded, result.Message);
        Assert.Equal("{\"predictions\":[{\"variable\":30.5}]}", text);
    }

    [Fact]
    public void Score_ModelAInstances_WritesNestedListText()
    {
        var (result, _, text) = ScoreCalls.Score(models.ModelA, "{\"instances\": [[1,2,3,4],[0,0,0,0]]}");

        Assert.True(result.Succeeded, result.Message);
        Assert.Equal("{\"predictions\":{\"variable\":[[30.5],[0.5]]}}", text);
    }

    [Theory]
    [InlineData("{\"client_request_id\": \"r-1\", \"usage_context\": {\"team\": \"a\"}, \"dataframe_split\": {\"columns\": [\"x1\",\"x2\",\"x3\",\"x4\"], \"data\": [[1,2,3,4]]}}")]
    [InlineData("{\"inputs\": [[1,2,3,4]], \"client_request_id\": \"r-1\"}")]
    public void Score_WithTheServingLayersKeys_ScoresAsWithout(string body)
    {
        var (result, _, text) = ScoreCalls.Score(models.ModelA, body);

        Assert.True(result.Succeeded, result.Message);
        Assert.Contains("30.5", text, StringComparison.Ordinal);
    }

    [Fact]
    public void Score_WithParamsAndIndex_IgnoresThem()
    {
        var body = "{\"dataframe_split\": {\"index\": [7], \"columns\": [\"x1\",\"x2\",\"x3\",\"x4\"], \"data\": [[1,2,3,4]]}, \"params\": {\"threshold\": 0.5}}";

        var predictions = ScoreCalls.Predictions(models.ModelA, body);

        Assert.Equal(30.5, predictions[0].GetProperty("variable").GetDouble());
    }

    [Fact]
    public void Score_IntegerAndExponentNumbers_AreCastToFloat()
    {
        var predictions = ScoreCalls.Predictions(models.ModelB, "{\"dataframe_records\": [{\"x1\": 2, \"x2\": 4e0, \"x3\": -8, \"x4\": 1.0}]}");

        ScoreCalls.Close(SampleModelLibrary.ExpectedB([2, 4, -8, 1]), predictions[0].GetProperty("probability").GetDouble());
    }

    private Core.Runtimes.ILoadedModel Model(string name) => name == "a" ? models.ModelA : models.ModelB;

    private static string OutputName(string model) => model == "a" ? "variable" : "probability";

    private static double Expected(string model, double[] row) =>
        model == "a" ? SampleModelLibrary.ExpectedA(row) : SampleModelLibrary.ExpectedB(row);

    private static string Number(double value) => value.ToString("R", CultureInfo.InvariantCulture);

    private static string RowsJson()
    {
        var text = new StringBuilder("[");
        for (var r = 0; r < Rows.Length; r++)
        {
            text.Append(r == 0 ? "[" : ",[").AppendJoin(',', Array.ConvertAll(Rows[r], Number)).Append(']');
        }

        return text.Append(']').ToString();
    }

    private static string Body(string format)
    {
        var text = new StringBuilder();
        switch (format)
        {
            case "dataframe_split":
                text.Append("{\"dataframe_split\": {\"columns\": [\"x1\",\"x2\",\"x3\",\"x4\"], \"data\": ").Append(RowsJson()).Append("}}");
                break;
            case "dataframe_split_reordered":
                text.Append("{\"dataframe_split\": {\"columns\": [\"x4\",\"x3\",\"x2\",\"x1\"], \"data\": [");
                for (var r = 0; r < Rows.Length; r++)
                {
                    text.Append(r == 0 ? "[" : ",[").AppendJoin(',', Number(Rows[r][3]), Number(Rows[r][2]), Number(Rows[r][1]), Number(Rows[r][0])).Append(']');
                }

                text.Append("]}}");
                break;
            case "dataframe_records" or "instances_objects":
                text.Append(format == "dataframe_records" ? "{\"dataframe_records\": [" : "{\"instances\": [");
                for (var r = 0; r < Rows.Length; r++)
                {
                    text.Append(r == 0 ? "{" : ",{");
                    for (var c = 0; c < 4; c++)
                    {
                        text.Append(c == 0 ? string.Empty : ",").Append("\"x").Append(c + 1).Append("\":").Append(Number(Rows[r][c]));
                    }

                    text.Append('}');
                }

                text.Append("]}");
                break;
            default:
                text.Append("{\"inputs\": {");
                for (var c = 0; c < 4; c++)
                {
                    text.Append(c == 0 ? string.Empty : ",").Append("\"x").Append(c + 1).Append("\":[");
                    for (var r = 0; r < Rows.Length; r++)
                    {
                        text.Append(r == 0 ? string.Empty : ",").Append(Number(Rows[r][c]));
                    }

                    text.Append(']');
                }

                text.Append("}}");
                break;
        }

        return text.ToString();
    }
}
