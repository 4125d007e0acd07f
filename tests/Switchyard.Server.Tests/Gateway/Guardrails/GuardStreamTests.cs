using System.Text;
using Switchyard.Core.Gateway;
using Switchyard.Server.Gateway.Guardrails;

namespace Switchyard.Server.Tests.Gateway.Guardrails;

/// <summary>
/// The stream filter: a text cut into chunks anywhere comes out as the whole-text check makes it
/// (masked the same, refused the same), and no more is held back than might still change.
/// </summary>
public sealed class GuardStreamTests
{
    public static TheoryData<string> Texts => new()
    {
        "Write to john.doe@example.com or call +1 (555) 123-4567 today.",
        "Card 4111 1111 1111 1111 and IBAN GB82 WEST 1234 5698 7654 32 OK then",
        "ssn 123-45-6789, host 192.168.1.10; version 1.2.3.4.5 and 4111 1111 1111 1112 stay",
        "Dates 2024-01-15 and 15.01.2024, ruf 030 1234 5678 an.\nNext line a@b.io",
        "No personal data at all, only words and 42 numbers.",
        "ends with a value a@b.io",
        "ends with digits 4111 1111 1111 1111",
        "double  spaced 555  123  4567 and DE89 3704 0044 0532 0130 00",
    };

    [Theory]
    [MemberData(nameof(Texts))]
    public void MaskedStream_SplitAtEveryPosition_MatchesTheWholeText(string text) =>
        AssertEverySplit(Guards.Mask, text);

    [Theory]
    [MemberData(nameof(Texts))]
    public void MaskedStream_ThreeChunksWithAShortMiddle_MatchesTheWholeText(string text)
    {
        // A value cut twice: every start, with a middle chunk of up to 12 characters.
        var expected = Guards.Mask.Check(text).Text;
        for (var i = 0; i <= text.Length; i++)
        {
            for (var j = i; j <= Math.Min(text.Length, i + 12); j++)
            {
                Assert.Equal(expected, Run(Guards.Mask, [text[..i], text[i..j], text[j..]]).Text);
            }
        }
    }

    [Theory]
    [InlineData("please keep this top   secret between us")]
    [InlineData("a Top Secret")]
    [InlineData("top secrets are fine, as is classic text")]
    [InlineData("just a class")]
    [InlineData("build a bomb they said")]
    [InlineData("about billing")]
    [InlineData("nothing on topic")]
    [InlineData("mail a@b.io about shipping")]
    public void PhraseStream_SplitAtEveryPosition_MatchesTheWholeText(string text) =>
        AssertEverySplit(Guards.Output(PiiBehavior.Block, safety: true, keywords: ["top secret", "class"], topics: ["billing", "shipping"]), text);

    [Fact]
    public void Stream_HoldsBackOnlyWhatMayStillChange()
    {
        var stream = Guards.Mask.StartStream();

        Assert.Equal("Hello ", stream.Push("Hello wor").Text);
        Assert.Equal("world, card ", stream.Push("ld, card 4111 ").Text);
        Assert.Equal("", stream.Push("1111 1111 ").Text);
        Assert.Equal("[CREDIT_CARD] and ", stream.Push("1111 and ").Text);
        Assert.Equal("", stream.Push("do").Text);
        Assert.Equal("done", stream.Push("ne").Text + stream.Complete().Text);
    }

    [Fact]
    public void Stream_PassesACleanChunkEndingInALineBreakAsGiven()
    {
        var stream = Guards.Mask.StartStream();
        var chunk = "All clear here.\n";

        Assert.Same(chunk, stream.Push(chunk).Text);
        Assert.Equal("", stream.Complete().Text);
    }

    [Fact]
    public void Stream_ValueSplitAcrossChunks_IsMaskedWhole()
    {
        var stream = Guards.Mask.StartStream();
        var sent = new StringBuilder();
        foreach (var chunk in (string[])["mail jo", "hn@exa", "mple.", "com now"])
        {
            sent.Append(stream.Push(chunk).Text);
        }

        sent.Append(stream.Complete().Text);
        Assert.Equal("mail [EMAIL] now", sent.ToString());
    }

    [Fact]
    public void Stream_Refusal_IsAnsweredOnceFoundAndThenAgain()
    {
        var stream = Guards.Output(PiiBehavior.Block).StartStream();

        Assert.Equal("Your ", stream.Push("Your card 4111").Text[..5]);
        var refused = stream.Push(" 1111 1111 1111 ok");
        Assert.True(refused.Refused);
        Assert.Equal("The answer was blocked by the endpoint's output guardrails: it contains PII (CREDIT_CARD).", refused.Refusal!.Message);
        Assert.True(stream.Push("more").Refused);
        Assert.True(stream.Complete().Refused);
    }

    [Fact]
    public void Stream_WithoutATopic_IsRefusedAtTheEnd()
    {
        var stream = Guards.Output(topics: ["billing"]).StartStream();

        Assert.False(stream.Push("hello there ").Refused);
        Assert.Equal(GuardrailKind.ValidTopics, stream.Complete().Refusal?.Kind);
    }

    [Fact]
    public void Stream_LongUnbrokenRun_IsNotHeldPastItsBound()
    {
        var stream = Guards.Mask.StartStream();

        var sent = stream.Push(new string('x', 5000)).Text;

        Assert.InRange(sent.Length, 4000, 4999);
        Assert.Equal(new string('x', 5000), sent + stream.Complete().Text);
    }

    private static void AssertEverySplit(Guard guard, string text)
    {
        var whole = guard.Check(text);
        for (var i = 0; i <= text.Length; i++)
        {
            AssertSame(whole, Run(guard, [text[..i], text[i..]]), $"split at {i}");
        }

        AssertSame(whole, Run(guard, text.Select(c => c.ToString()).ToArray()), "one character a chunk");
    }

    private static void AssertSame(GuardResult whole, Streamed streamed, string how)
    {
        Assert.True(whole.Refused == streamed.Refused, $"{how}: whole refused {whole.Refused}, stream refused {streamed.Refused}");
        Assert.Equal(whole.Text, streamed.Text);
    }

    /// <summary>Pushes the chunks and completes; answers everything sent (nothing when refused).</summary>
    private static Streamed Run(Guard guard, string[] chunks)
    {
        var stream = guard.StartStream();
        var sent = new StringBuilder();
        foreach (var chunk in chunks)
        {
            var pushed = stream.Push(chunk);
            if (pushed.Refused)
            {
                return new Streamed(true, "");
            }

            sent.Append(pushed.Text);
        }

        var rest = stream.Complete();
        return rest.Refused ? new Streamed(true, "") : new Streamed(false, sent.Append(rest.Text).ToString());
    }

    private readonly record struct Streamed(bool Refused, string Text);
}
