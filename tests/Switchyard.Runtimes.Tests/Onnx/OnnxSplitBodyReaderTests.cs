using Switchyard.Runtimes.Tests.Common;

namespace Switchyard.Runtimes.Tests.Onnx;

/// <summary>
/// The one-pass reader for numeric dataframe_split bodies: what it reads must score exactly as
/// the general path does, and what it gives up on must still get the general path's message.
/// </summary>
[Collection(ModelsCollection.Name)]
public sealed class OnnxSplitBodyReaderTests(ModelsFixture models)
{
    [Fact]
    public void Score_ColumnsInAnotherOrder_StackByName()
    {
        var split = ScoreCalls.Predictions(models.ModelA, "{\"dataframe_split\": {\"columns\": [\"x4\",\"x2\",\"x3\",\"x1\"], \"data\": [[4,2,3,1],[0.5,0,0,0]]}}");
        var records = ScoreCalls.Predictions(models.ModelA, "{\"dataframe_records\": [{\"x1\":1,\"x2\":2,\"x3\":3,\"x4\":4},{\"x1\":0,\"x2\":0,\"x3\":0,\"x4\":0.5}]}");

        Assert.Equal("[{\"variable\":30.5},{\"variable\":2.5}]", split.GetRawText());
        Assert.Equal(records.GetRawText(), split.GetRawText());
    }

    [Theory]
    [InlineData("{\"dataframe_split\": {\"data\": [[1,2,3,4]], \"columns\": [\"x1\",\"x2\",\"x3\",\"x4\"]}}")]
    [InlineData("{\"dataframe_split\": {\"index\": [0], \"columns\": [\"x1\",\"x2\",\"x3\",\"x4\"], \"data\": [[1,2,3,4]]}}")]
    [InlineData("{\"dataframe_split\": {\"columns\": [\"x\\u0031\",\"x2\",\"x3\",\"x4\"], \"data\": [[1,2,3,4]]}, \"params\": {}}")]
    [InlineData(" { \"dataframe_split\" : { \"columns\" : [ \"x1\" , \"x2\" , \"x3\" , \"x4\" ] , \"data\" : [ [ 1e0 , 2 , 3.0 , 4 ] ] } } ")]
    public void Score_BodiesEitherPathReads_GiveTheSameAnswer(string body)
    {
        Assert.Equal("[{\"variable\":30.5}]", ScoreCalls.Predictions(models.ModelA, body).GetRawText());
    }

    [Theory]
    [InlineData("{\"dataframe_split\": {\"columns\": [\"x1\",\"x2\",\"x3\",\"x5\"], \"data\": [[1,2,3,4]]}}", "unknown column 'x5'; the model's columns are x1, x2, x3, x4")]
    [InlineData("{\"dataframe_split\": {\"columns\": [\"x1\",\"x2\",\"x3\"], \"data\": [[1,2,3]]}}", "missing column 'x4' (double)")]
    [InlineData("{\"dataframe_split\": {\"columns\": [\"x1\",\"x2\",\"x3\",\"x3\"], \"data\": [[1,2,3,4]]}}", "names column 'x3' twice")]
    [InlineData("{\"dataframe_split\": {\"columns\": [\"x1\",\"x2\",\"x3\",\"x4\"], \"data\": [[1,2,3,4],[1,2,3]]}}", "row 1 has 3 values; 'columns' names 4")]
    [InlineData("{\"dataframe_split\": {\"columns\": [\"x1\",\"x2\",\"x3\",\"x4\"], \"data\": [[1,2,3,\"4\"]]}}", "column 'x4' row 0: expected")]
    [InlineData("{\"dataframe_split\": {\"columns\": [\"x1\",\"x2\",\"x3\",\"x4\"], \"data\": []}}", "no rows")]
    [InlineData("{\"dataframe_split\": {\"columns\": [\"x1\",\"x2\",\"x3\",\"x4\"], \"data\": [[1,2,3,4]]}} []", "not valid JSON")]
    [InlineData("{\"dataframe_split\": {\"columns\": [\"x1\",\"x2\",\"x3\",\"x4\"], \"data\": [[1,2,3,4]]}, \"extra\": 1}", "found keys: 'dataframe_split', 'extra'")]
    public void Score_BodyTheReaderGivesUpOn_GetsTheGeneralPathsMessage(string body, string expected)
    {
        var message = ScoreCalls.BadInput(models.ModelA, body);

        Assert.Contains(expected, message, StringComparison.Ordinal);
    }
}
