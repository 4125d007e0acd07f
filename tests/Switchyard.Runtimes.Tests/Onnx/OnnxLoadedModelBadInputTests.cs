using Switchyard.Runtimes.Tests.Common;

namespace Switchyard.Runtimes.Tests.Onnx;

/// <summary>Malformed bodies are refused as BAD_REQUEST values naming the fault, with nothing written.</summary>
[Collection(ModelsCollection.Name)]
public sealed class OnnxLoadedModelBadInputTests(ModelsFixture models)
{
    [Theory]
    [InlineData("{not json", "not valid JSON")]
    [InlineData("[1, 2]", "must be a JSON object")]
    [InlineData("{\"foo\": 1}", "found keys: 'foo'")]
    [InlineData("{\"instances\": [[1,2,3,4]], \"inputs\": [[1,2,3,4]]}", "found keys: 'instances', 'inputs'")]
    [InlineData("{\"instances\": [[1,2,3,4]], \"extra\": 1}", "found keys: 'instances', 'extra'")]
    [InlineData("{\"instances\": [[1,2,3,4]], \"params\": [1]}", "'params' must be a JSON object")]
    [InlineData("{\"dataframe_split\": {\"columns\": [\"x1\",\"x2\",\"x3\",\"x4\"], \"data\": []}}", "no rows")]
    [InlineData("{\"dataframe_split\": [[1,2,3,4]]}", "'dataframe_split' must be an object")]
    [InlineData("{\"dataframe_split\": {\"data\": [[1,2,3,4]]}}", "needs 'columns'")]
    [InlineData("{\"dataframe_records\": {\"x1\": 1}}", "'dataframe_records' must be a list")]
    public void Score_MalformedBody_NamesTheProblem(string body, string expected)
    {
        var message = ScoreCalls.BadInput(models.ModelA, body);

        Assert.Contains(expected, message, StringComparison.Ordinal);
    }

    [Fact]
    public void Score_MissingColumn_NamesColumnAndType()
    {
        var message = ScoreCalls.BadInput(models.ModelA, "{\"dataframe_split\": {\"columns\": [\"x1\",\"x2\",\"x3\"], \"data\": [[1,2,3]]}}");

        Assert.Contains("missing column 'x4' (double)", message, StringComparison.Ordinal);
    }

    [Fact]
    public void Score_UnknownColumn_NamesColumnAndExpected()
    {
        var message = ScoreCalls.BadInput(models.ModelA, "{\"dataframe_records\": [{\"x1\":1,\"x2\":2,\"x3\":3,\"x4\":4,\"x5\":5}]}");

        Assert.Contains("unknown column 'x5'; the model's columns are x1, x2, x3, x4", message, StringComparison.Ordinal);
    }

    [Fact]
    public void Score_StringWhereDoubleExpected_NamesColumnRowAndValue()
    {
        var message = ScoreCalls.BadInput(models.ModelA, "{\"dataframe_split\": {\"columns\": [\"x1\",\"x2\",\"x3\",\"x4\"], \"data\": [[1,2,3,4],[1,\"abc\",3,4]]}}");

        Assert.Equal("column 'x2' row 1: expected a number (double), got a string (\"abc\")", message);
    }

    [Fact]
    public void Score_NullValue_IsRefused()
    {
        var message = ScoreCalls.BadInput(models.ModelB, "{\"dataframe_records\": [{\"x1\":1,\"x2\":null,\"x3\":3,\"x4\":4}]}");

        Assert.Contains("column 'x2' row 0", message, StringComparison.Ordinal);
        Assert.Contains("a null", message, StringComparison.Ordinal);
    }

    [Fact]
    public void Score_NonIntegerForLongColumn_NamesColumn()
    {
        var message = ScoreCalls.BadInput(models.Mixed, "{\"dataframe_records\": [{\"n\": 1.5, \"x\": 0.5}]}");

        Assert.Equal("column 'n' row 0: expected an integer (long), got a number (1.5)", message);
    }

    [Fact]
    public void Score_RaggedDataFrameRow_NamesRow()
    {
        var message = ScoreCalls.BadInput(models.ModelA, "{\"dataframe_split\": {\"columns\": [\"x1\",\"x2\",\"x3\",\"x4\"], \"data\": [[1,2,3,4],[1,2,3]]}}");

        Assert.Contains("row 1 has 3 values; 'columns' names 4", message, StringComparison.Ordinal);
    }

    [Fact]
    public void Score_RecordMissingKeyInLaterRow_NamesRowAndColumn()
    {
        var message = ScoreCalls.BadInput(models.ModelA, "{\"dataframe_records\": [{\"x1\":1,\"x2\":2,\"x3\":3,\"x4\":4},{\"x1\":1,\"x2\":2,\"x3\":3}]}");

        Assert.Contains("row 1 has no 'x4'", message, StringComparison.Ordinal);
    }

    [Fact]
    public void Score_InstancesRowOfWrongWidth_NamesRowAndColumns()
    {
        var message = ScoreCalls.BadInput(models.ModelA, "{\"instances\": [[1,2,3]]}");

        Assert.Equal("row 0 has 3 values; expected a list of 4 values (x1, x2, x3, x4)", message);
    }

    [Fact]
    public void Score_RaggedTensor_SaysRagged()
    {
        var message = ScoreCalls.BadInput(models.TensorPair, "{\"inputs\": {\"a\": [[1, 2], [3]], \"b\": [[1, 2], [3, 4]]}}");

        Assert.Contains("input 'a' row 1 is ragged", message, StringComparison.Ordinal);
    }

    [Fact]
    public void Score_TensorOfWrongWidth_NamesShapes()
    {
        var message = ScoreCalls.BadInput(models.TensorPair, "{\"inputs\": {\"a\": [[1, 2, 3]], \"b\": [[1, 2, 3]]}}");

        Assert.Equal("input 'a' has shape [1, 3]; the model expects float32 [-1, 2]", message);
    }

    [Fact]
    public void Score_MissingNamedTensor_NamesIt()
    {
        var message = ScoreCalls.BadInput(models.TensorPair, "{\"inputs\": {\"a\": [[1, 2]]}}");

        Assert.Contains("missing input 'b' (float32 [-1, 2])", message, StringComparison.Ordinal);
    }

    [Fact]
    public void Score_UnnamedTensorForTwoInputs_AsksForNames()
    {
        var message = ScoreCalls.BadInput(models.TensorPair, "{\"inputs\": [[1, 2]]}");

        Assert.Contains("the model has 2 inputs (a, b)", message, StringComparison.Ordinal);
    }

    [Fact]
    public void Score_StringInsideTensor_NamesInputAndType()
    {
        var message = ScoreCalls.BadInput(models.TensorPair, "{\"inputs\": {\"a\": [[1, \"2\"]], \"b\": [[1, 2]]}}");

        Assert.Equal("input 'a' row 0: expected a number (float32), got a string (\"2\")", message);
    }
}
