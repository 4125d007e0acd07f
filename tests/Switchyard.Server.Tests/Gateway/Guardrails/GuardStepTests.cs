using System.Text;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;
using Switchyard.Core.Gateway;
using Switchyard.Server.Gateway.Guardrails;
using Switchyard.Server.Invocations.Pipeline;

namespace Switchyard.Server.Tests.Gateway.Guardrails;

/// <summary>
/// The input step on its own: a real <see cref="DefaultHttpContext"/>, the step chained to a last
/// step that records the body the driver would be handed.
/// </summary>
public sealed class GuardStepTests
{
    private static readonly GuardrailCompiler Compiler = new(SafetyList.Builtin());

    [Fact]
    public async Task NoInputGuardrails_PassesTheBodyUntouched()
    {
        var run = await RunAsync(GuardrailParameters.None, """{"messages": [{"role": "user", "content": "a@b.io"}]}""");

        Assert.True(run.Reached);
        Assert.Equal("""{"messages": [{"role": "user", "content": "a@b.io"}]}""", run.BodySeen);
    }

    [Fact]
    public async Task Block_Answers400NamingTheCategory_AndNeverTheValue()
    {
        var run = await RunAsync(new GuardrailParameters(PiiBehavior.Block, false, [], []),
            """{"messages": [{"role": "user", "content": "I am jane.roe@example.com"}]}""");

        Assert.False(run.Reached);
        Assert.Equal(400, run.Status);
        Assert.Equal("BAD_REQUEST", (string?)run.Error!["error_code"]);
        Assert.Equal("The request was blocked by the endpoint's input guardrails: it contains PII (EMAIL).", (string?)run.Error["message"]);
        Assert.DoesNotContain("jane.roe", run.Answer, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Mask_HandsTheDriverTheMaskedBody_AndGivesTheOriginalBack()
    {
        var run = await RunAsync(new GuardrailParameters(PiiBehavior.Mask, false, [], []),
            """{"model": "a@b.io", "messages": [{"role": "user", "content": "I am jane.roe@example.com"}]}""");

        Assert.True(run.Reached);
        Assert.Equal("""{"model": "a@b.io", "messages": [{"role": "user", "content": "I am [EMAIL]"}]}""", run.BodySeen);
        Assert.Equal(run.Original, Encoding.UTF8.GetString(run.Invocation.Body.Span));
    }

    [Fact]
    public async Task Mask_WithNothingToMask_HandsTheDriverTheBodyAsSent()
    {
        var run = await RunAsync(new GuardrailParameters(PiiBehavior.Mask, false, [], []),
            """{"messages": [{"role": "user", "content": "hello"}]}""");

        Assert.True(run.Reached);
        Assert.Equal(run.Original, run.BodySeen);
    }

    [Fact]
    public async Task CustomModelBody_EveryStringIsChecked()
    {
        var run = await RunAsync(new GuardrailParameters(PiiBehavior.Mask, false, [], []),
            """{"dataframe_split": {"columns": ["x1", "contact"], "data": [[1, "call 555-123-4567"]]}}""");

        Assert.Equal("""{"dataframe_split": {"columns": ["x1", "contact"], "data": [[1, "call [PHONE]"]]}}""", run.BodySeen);
    }

    [Fact]
    public async Task Keyword_Answers400NamingTheKeyword()
    {
        var run = await RunAsync(new GuardrailParameters(PiiBehavior.None, false, ["Project Falcon"], []),
            """{"prompt": "status of project falcon?"}""");

        Assert.Equal(400, run.Status);
        Assert.Equal("The request was blocked by the endpoint's input guardrails: it contains the invalid keyword 'Project Falcon'.", (string?)run.Error!["message"]);
    }

    [Fact]
    public async Task MalformedBody_Answers400SayingWhere()
    {
        var run = await RunAsync(new GuardrailParameters(PiiBehavior.Mask, false, [], []), """{"prompt": "x",}""");

        Assert.False(run.Reached);
        Assert.Equal(400, run.Status);
        Assert.StartsWith("Malformed JSON at line 1", (string?)run.Error!["message"], StringComparison.Ordinal);
    }

    [Fact]
    public async Task StringThatIsNotText_Answers400()
    {
        var run = await RunAsync(new GuardrailParameters(PiiBehavior.Mask, false, [], []), """{"prompt": "half \ud800 a surrogate"}""");

        Assert.Equal(400, run.Status);
        Assert.Equal("The request body holds a string that is not valid text.", (string?)run.Error!["message"]);
    }

    private static async Task<Run> RunAsync(GuardrailParameters input, string body)
    {
        var context = new DefaultHttpContext();
        var answer = new MemoryStream();
        context.Response.Body = answer;
        var invocation = new Invocation(context)
        {
            EndpointName = "e",
            Body = Encoding.UTF8.GetBytes(body),
            Gateway = AiGatewayConfig.None with { Guardrails = new GuardrailsConfig(input, GuardrailParameters.None) },
        };
        var driver = new RecordingStep();
        var step = new GuardStep(Compiler);
        InvocationStep.Chain([step, driver]);

        await step.RunAsync(invocation);
        await context.Response.BodyWriter.FlushAsync();

        var text = Encoding.UTF8.GetString(answer.ToArray());
        return new Run(invocation, body, driver.Reached, driver.Body, context.Response.StatusCode, text,
            text.Length > 0 ? JsonNode.Parse(text)!.AsObject() : null);
    }

    private sealed record Run(
        Invocation Invocation, string Original, bool Reached, string? BodySeen, int Status, string Answer, JsonObject? Error);

    /// <summary>Stands for the driver: records the body it was handed (copied, as the buffer is pooled).</summary>
    private sealed class RecordingStep : InvocationStep
    {
        public bool Reached { get; private set; }

        public string? Body { get; private set; }

        public override ValueTask RunAsync(Invocation invocation)
        {
            Reached = true;
            Body = Encoding.UTF8.GetString(invocation.Body.Span);
            return ValueTask.CompletedTask;
        }
    }
}
