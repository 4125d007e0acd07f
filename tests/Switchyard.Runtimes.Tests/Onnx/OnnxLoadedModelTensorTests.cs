using System.Text.Json;
using Switchyard.Runtimes.Tests.Common;

namespace Switchyard.Runtimes.Tests.Onnx;

/// <summary>Tensor-signature models and multi-input graphs fed by name.</summary>
[Collection(ModelsCollection.Name)]
public sealed class OnnxLoadedModelTensorTests(ModelsFixture models)
{
    [Fact]
    public void Score_MlpInputsAndInstances_GiveSameNestedAnswer()
    {
        var rows = MlpRows(3);

        var fromInputs = ScoreCalls.Predictions(models.Mlp, $"{{\"inputs\": {rows}}}");
        var fromInstances = ScoreCalls.Predictions(models.Mlp, $"{{\"instances\": {rows}}}");
        var fromNamed = ScoreCalls.Predictions(models.Mlp, $"{{\"inputs\": {{\"input\": {rows}}}}}");

        var output = fromInputs.GetProperty("output");
        Assert.Equal(3, output.GetArrayLength());
        Assert.Equal(ModelsFixture.MlpOutputs, output[0].GetArrayLength());
        Assert.Equal(fromInputs.GetRawText(), fromInstances.GetRawText());
        Assert.Equal(fromInputs.GetRawText(), fromNamed.GetRawText());
    }

    [Fact]
    public void Score_MlpRowsScoredTogether_EqualRowsScoredAlone()
    {
        var batch = ScoreCalls.Predictions(models.Mlp, $"{{\"inputs\": {MlpRows(2)}}}").GetProperty("output");
        var second = ScoreCalls.Predictions(models.Mlp, $"{{\"inputs\": [{MlpRow(1)}]}}").GetProperty("output");

        for (var k = 0; k < ModelsFixture.MlpOutputs; k++)
        {
            ScoreCalls.Close(batch[1][k].GetDouble(), second[0][k].GetDouble());
        }
    }

    [Fact]
    public void Score_TensorPairInputsByName_AddsElementwise()
    {
        var predictions = ScoreCalls.Predictions(models.TensorPair, "{\"inputs\": {\"a\": [[1, 2], [3, 4]], \"b\": [[0.5, 0.25], [-3, 10]]}}");

        Assert.Equal("[[1.5,2.25],[0,14]]", predictions.GetProperty("c").GetRawText());
    }

    [Fact]
    public void Score_TensorPairInstancesOfObjects_AddsElementwise()
    {
        var predictions = ScoreCalls.Predictions(models.TensorPair, "{\"instances\": [{\"a\": [1, 2], \"b\": [3, 4]}, {\"a\": [5, 6], \"b\": [7, 8]}]}");

        Assert.Equal("[[4,6],[12,14]]", predictions.GetProperty("c").GetRawText());
    }

    [Fact]
    public void Score_ColumnsFedOnePerInput_AnswersRecords()
    {
        var predictions = ScoreCalls.Predictions(models.Pair, "{\"dataframe_split\": {\"columns\": [\"b\", \"a\"], \"data\": [[1, 2], [0.5, 0.25]]}}");

        Assert.Equal("[{\"sum\":3},{\"sum\":0.75}]", predictions.GetRawText());
    }

    [Fact]
    public void Score_LongAndDoubleColumns_CastPerInputType()
    {
        var predictions = ScoreCalls.Predictions(models.Mixed, "{\"dataframe_records\": [{\"n\": 1099511627777, \"x\": 0.5}, {\"n\": -2, \"x\": 0.25}]}");

        Assert.Equal(JsonValueKind.Array, predictions.ValueKind);
        Assert.Equal(1099511627777.5, predictions[0].GetProperty("total").GetDouble());
        Assert.Equal(-1.75, predictions[1].GetProperty("total").GetDouble());
    }

    internal static string MlpRow(int seed)
    {
        var values = new string[ModelsFixture.MlpInputs];
        for (var i = 0; i < values.Length; i++)
        {
            values[i] = (((i * 7) + (seed * 13)) % 11 / 10.0 - 0.5).ToString("R", System.Globalization.CultureInfo.InvariantCulture);
        }

        return "[" + string.Join(',', values) + "]";
    }

    internal static string MlpRows(int count)
    {
        var rows = new string[count];
        for (var r = 0; r < count; r++)
        {
            rows[r] = MlpRow(r);
        }

        return "[" + string.Join(',', rows) + "]";
    }
}
