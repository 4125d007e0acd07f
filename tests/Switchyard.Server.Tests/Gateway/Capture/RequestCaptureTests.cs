using System.Text;
using Switchyard.Server.Gateway.Capture;

namespace Switchyard.Server.Tests.Gateway.Capture;

/// <summary>The two top-level fields the capture reads from a body, however the body spells them, and nothing from a body that names neither.</summary>
public sealed class RequestCaptureTests
{
    [Theory]
    [InlineData("""{"inputs": [1], "client_request_id": "abc", "usage_context": {"team": "x", "n": 3}}""")]
    [InlineData("""{"client_request_id": "abc", "usage_context": {"team": "x", "n": 3, "nested": {"a": 1}}, "inputs": [1]}""")]
    // Names written with escapes are the same names.
    [InlineData("""{"client\u005frequest_id": "abc", "usage\u005Fcontext": {"team": "x", "n": 3}}""")]
    public void ReadsBothFields_WhereverAndHoweverTheyAreWritten(string body)
    {
        var capture = Note(body);

        Assert.Equal("abc", capture.ClientRequestId);
        Assert.Equal(new Dictionary<string, string> { ["team"] = "x", ["n"] = "3" }, capture.UsageContext);
    }

    [Theory]
    [InlineData("""{"dataframe_split": {"columns": ["x1"], "data": [[1]]}}""")]
    // The names inside a nested value are not the top level's.
    [InlineData("""{"inputs": {"client_request_id": "inner", "usage_context": {"a": "b"}}}""")]
    [InlineData("""{"inputs": "a \"quoted\" text"}""")]
    [InlineData("""[1, 2]""")]
    [InlineData("""{"client_request_id": """)]
    public void ReadsNothing_WhenTheTopLevelNamesNeither(string body)
    {
        var capture = Note(body);

        Assert.Null(capture.ClientRequestId);
        Assert.Null(capture.UsageContext);
    }

    [Fact]
    public void KeepsTheBodyText_OnlyWhenAskedTo()
    {
        const string body = """{"client_request_id": "abc"}""";

        Assert.Equal(body, Note(body, keepText: true).Text);
        Assert.Null(Note(body, keepText: false).Text);
    }

    private static RequestCapture Note(string body, bool keepText = false)
    {
        var capture = new RequestCapture(keepText);
        capture.Note(Encoding.UTF8.GetBytes(body));
        return capture;
    }
}
