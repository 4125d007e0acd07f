using System.Buffers;
using System.Text;
using System.Text.Json;
using Switchyard.Core.Runtimes;

namespace Switchyard.Runtimes.Tests.Common;

/// <summary>Scores a JSON string and returns the result with the parsed answer and its raw text.</summary>
public static class ScoreCalls
{
    public static (ScoreResult Result, JsonElement Answer, string Text) Score(ILoadedModel model, string json)
    {
        var buffer = new ArrayBufferWriter<byte>();
        var result = model.Score(Encoding.UTF8.GetBytes(json), buffer);
        var text = Encoding.UTF8.GetString(buffer.WrittenSpan);
        if (!result.Succeeded)
        {
            Assert.Equal(0, buffer.WrittenCount);
            return (result, default, text);
        }

        using var document = JsonDocument.Parse(buffer.WrittenMemory);
        return (result, document.RootElement.Clone(), text);
    }

    public static JsonElement Predictions(ILoadedModel model, string json)
    {
        var (result, answer, _) = Score(model, json);
        Assert.True(result.Succeeded, result.Message);
        return answer.GetProperty("predictions");
    }

    public static string BadInput(ILoadedModel model, string json)
    {
        var (result, _, _) = Score(model, json);
        Assert.False(result.Succeeded, "expected bad input to be refused");
        Assert.Equal(Core.Errors.ErrorCode.BadRequest, result.Error);
        return result.Message!;
    }

    /// <summary>float32 arithmetic against a double reference: relative 1e-5 with an absolute floor.</summary>
    public static void Close(double expected, double actual) =>
        Assert.True(Math.Abs(expected - actual) <= 1e-5 * Math.Max(1, Math.Abs(expected)), $"expected {expected}, got {actual}");
}
