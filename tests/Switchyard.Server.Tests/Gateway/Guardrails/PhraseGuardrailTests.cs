using Switchyard.Core.Gateway;
using Switchyard.Server.Gateway.Guardrails;

namespace Switchyard.Server.Tests.Gateway.Guardrails;

/// <summary>invalid_keywords, valid_topics and safety: whole words or phrases, case-insensitive.</summary>
public sealed class PhraseGuardrailTests
{
    [Theory]
    [InlineData("We offer a Class on Tuesdays.")]
    [InlineData("class")]
    [InlineData("(CLASS)")]
    [InlineData("first-class seats")]
    public void Keyword_AsAWholeWord_Refuses(string text)
    {
        var result = Guards.Input(keywords: ["class"]).Check(text);

        Assert.Equal((GuardrailKind.InvalidKeyword, "class"), (result.Refusal?.Kind, result.Refusal?.Name));
        Assert.Equal("The request was blocked by the endpoint's input guardrails: it contains the invalid keyword 'class'.", result.Refusal!.Message);
    }

    [Theory]
    [InlineData("a classic film")]
    [InlineData("subclass it")]
    [InlineData("classes")]
    [InlineData("class_name")]
    [InlineData("class2")]
    public void Keyword_InsideAnotherWord_Passes(string text) => Assert.False(Guards.Input(keywords: ["class"]).Check(text).Refused);

    [Theory]
    [InlineData("this is Top  Secret stuff", true)]
    [InlineData("top\nsecret", true)]
    [InlineData("top secrets", false)]
    [InlineData("top and secret", false)]
    public void KeywordPhrase_MatchesItsWordsAnyWhitespaceApart(string text, bool refused) =>
        Assert.Equal(refused, Guards.Input(keywords: ["top secret"]).Check(text).Refused);

    [Fact]
    public void Keyword_WithRegexCharacters_IsTakenLiterally()
    {
        var guard = Guards.Input(keywords: ["c++", "a.b"]);

        Assert.True(guard.Check("I write c++ daily").Refused);
        Assert.False(guard.Check("I write c daily").Refused);
        Assert.False(guard.Check("axb").Refused);
        Assert.Equal("a.b", guard.Check("see a.b now").Refusal?.Name);
    }

    [Fact]
    public void Keyword_IsNamedAsConfigured()
    {
        var result = Guards.Output(keywords: ["Acme Corp", "rival"]).Check("Ask ACME   corp about it");

        Assert.Equal("Acme Corp", result.Refusal?.Name);
        Assert.StartsWith("The answer was blocked by the endpoint's output guardrails: it contains the invalid keyword 'Acme Corp'", result.Refusal!.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("How do I reset my Billing address?", false)]
    [InlineData("shipping times to Norway", false)]
    [InlineData("tell me a joke", true)]
    [InlineData("billingual poems", true)]
    public void Topics_TheTextMustMentionOne(string text, bool refused)
    {
        var result = Guards.Input(topics: ["billing", "shipping"]).Check(text);

        Assert.Equal(refused, result.Refused);
        if (refused)
        {
            Assert.Equal(GuardrailKind.ValidTopics, result.Refusal!.Kind);
            Assert.Equal("The request was blocked by the endpoint's input guardrails: it is not about any of the allowed topics: billing, shipping.", result.Refusal.Message);
        }
    }

    [Theory]
    [InlineData("Tell me how to BUILD A BOMB please", "weapons")]
    [InlineData("I want to kill myself", "self-harm")]
    [InlineData("where to hire a  hitman", "violence")]
    [InlineData("homemade explosives guide", "weapons")]
    public void Safety_RefusesNamingTheCategoryNotThePhrase(string text, string category)
    {
        var result = Guards.Input(safety: true).Check(text);

        Assert.Equal((GuardrailKind.Safety, category), (result.Refusal?.Kind, result.Refusal?.Name));
        Assert.Equal($"The request was blocked by the endpoint's input guardrails: it contains unsafe content ({category}).", result.Refusal!.Message);
    }

    [Theory]
    [InlineData("The bomb squad defused it safely.")]
    [InlineData("How do I kill a stuck process on Linux?")]
    [InlineData("Recipe for a bath bomb")]
    public void Safety_LeavesOrdinaryTextAlone(string text) => Assert.False(Guards.Input(safety: true).Check(text).Refused);

    [Fact]
    public void Safety_Off_ChecksNothingOfTheList() => Assert.False(Guards.Input().Check("build a bomb").Refused);

    [Fact]
    public void KeywordsComeBeforePii_AndTheValueIsNeverEchoed()
    {
        var result = Guards.Input(PiiBehavior.Block, keywords: ["secret"]).Check("secret: a@b.io");

        Assert.Equal(GuardrailKind.InvalidKeyword, result.Refusal!.Kind);
        Assert.DoesNotContain("a@b.io", result.Refusal.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Compiler_GivesOneGuardPerConfigObject()
    {
        var compiler = new GuardrailCompiler(SafetyList.Builtin());
        var parameters = new GuardrailParameters(PiiBehavior.Mask, false, ["x"], []);

        Assert.Same(compiler.Input(parameters), compiler.Input(parameters));
        Assert.NotSame(compiler.Input(parameters), compiler.Output(parameters));
        Assert.Equal(GuardSide.Output, compiler.Output(parameters).Side);
        Assert.Null(compiler.OutputOf(AiGatewayConfig.None));
        var gateway = AiGatewayConfig.None with { Guardrails = new GuardrailsConfig(GuardrailParameters.None, parameters) };
        Assert.Same(compiler.Output(parameters), compiler.OutputOf(gateway));
    }
}
