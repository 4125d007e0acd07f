using Switchyard.Runtimes.Tests.Common;

namespace Switchyard.Runtimes.Tests.Onnx;

/// <summary>
/// The one-pass reader for numeric tensor bodies: what it reads must score exactly as the general
/// path does, and what it gives up on must still get the general path's error message.
/// </summary>
[Collection(ModelsCollection.Name)]
public sealed class OnnxTensorBodyReaderTests(ModelsFixture models)
{
    [Fact]
    public void Score_PlainTensorBody_AnswersAsTheGeneralPath()
    {
        var rows = $"[{OnnxLoadedModelTensorTests.MlpRow(1)}, {OnnxLoadedModelTensorTests.MlpRow(2)}]";

        // The named form always takes the general path; the plain form takes the reader.
        var plain = ScoreCalls.Predictions(models.Mlp, $"{{\"instances\": {rows}}}");
        var named = ScoreCalls.Predictions(models.Mlp, $"{{\"inputs\": {{\"input\": {rows}}}}}");

        Assert.Equal(named.GetRawText(), plain.GetRawText());
    }

    [Fact]
    public void Score_BodyWithWhitespaceAndExponents_IsReadLikeTheGeneralPath()
    {
        var row = "[ 1e-1, 2.5E0 ,-0.0, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15 ]";

        var plain = ScoreCalls.Predictions(models.Mlp, $" {{ \"inputs\" : [ {row} ] }} ");
        var named = ScoreCalls.Predictions(models.Mlp, $"{{\"inputs\": {{\"input\": [{row}]}}}}");

        Assert.Equal(named.GetRawText(), plain.GetRawText());
    }

    [Theory]
    [InlineData("{\"inputs\": [[1, 2, 3]]}", "has shape [1, 3]; the model expects float32 [-1, 16]")]
    [InlineData("{\"inputs\": [[1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16], [1]]}", "row 1 is ragged")]
    [InlineData("{\"inputs\": [[1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,\"x\"]]}", "expected")]
    [InlineData("{\"inputs\": []}", "holds no rows")]
    [InlineData("{\"inputs\": [[1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16]]} x", "not valid JSON")]
    [InlineData("{\"inputs\": [[1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16]], \"extra\": 1}", "found keys: 'inputs', 'extra'")]
    [InlineData("{\"inputs\": [[1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16]], \"params\": [1]}", "'params' must be a JSON object")]
    [InlineData("{\"inputs\": [[1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16]], \"inputs\": [[1]]}", "found keys: 'inputs', 'inputs'")]
    public void Score_BodyTheReaderGivesUpOn_GetsTheGeneralPathsMessage(string body, string expected)
    {
        var message = ScoreCalls.BadInput(models.Mlp, body);

        Assert.Contains(expected, message, StringComparison.Ordinal);
    }

    [Fact]
    public void Score_PlainTensorWithParams_StillScores()
    {
        var row = OnnxLoadedModelTensorTests.MlpRow(3);

        var withParams = ScoreCalls.Predictions(models.Mlp, $"{{\"inputs\": [{row}], \"params\": {{}}}}");
        var plain = ScoreCalls.Predictions(models.Mlp, $"{{\"inputs\": [{row}]}}");

        Assert.Equal(plain.GetRawText(), withParams.GetRawText());
    }
}
