using System.Globalization;
using System.Text;
using System.Text.Json;
using Switchyard.Runtimes.Onnx;

namespace Switchyard.Runtimes.Tests.Onnx;

/// <summary>
/// The tensor readers' number conversion must give the very double the framework's parser gives,
/// bit for bit, for every JSON number; its fast way must be the one taken for ordinary features.
/// </summary>
public sealed class JsonDecimalTests
{
    [Theory]
    [InlineData("0")]
    [InlineData("-0")]
    [InlineData("0.125")]
    [InlineData("-3.5e-2")]
    [InlineData("0.000125")]
    [InlineData("1E+22")]
    [InlineData("123456789012345")]
    [InlineData("9007199254740992")]
    [InlineData("0.1")]
    [InlineData("2.5E0")]
    public void TryExact_OrdinaryFeature_TakesTheFastWayAndAgrees(string number)
    {
        Assert.True(JsonDecimal.TryExact(Encoding.UTF8.GetBytes(number), out var fast));

        AssertSameBits(double.Parse(number, CultureInfo.InvariantCulture), fast);
    }

    [Theory]
    [InlineData("9007199254740993")] // 2^53 + 1: not exact in a double
    [InlineData("1e23")] // 10^23 is not exact in a double
    [InlineData("1.7976931348623157e308")]
    [InlineData("4.9e-324")]
    [InlineData("0.1000000000000000055511151231257827")]
    [InlineData("1e99999")]
    public void TryExact_NumberPastTheFastWay_LeavesItToTheFramework(string number)
    {
        Assert.False(JsonDecimal.TryExact(Encoding.UTF8.GetBytes(number), out _));

        AssertSameBits(double.Parse(number, CultureInfo.InvariantCulture), Read(number, out var ok));
        Assert.True(ok);
    }

    [Theory]
    [InlineData("0e99999")]
    [InlineData("-0.0e-400")]
    public void TryGetDouble_ZeroWithAHugeExponent_KeepsItsSign(string number) =>
        AssertSameBits(double.Parse(number, CultureInfo.InvariantCulture), Read(number, out _));

    [Theory]
    [InlineData("1e400")]
    [InlineData("-1e400")]
    public void TryGetDouble_NumberPastADoublesRange_IsReadAsTheFrameworkReadsIt(string number)
    {
        var reader = new Utf8JsonReader(Encoding.UTF8.GetBytes(number));
        reader.Read();
        var expectedOk = reader.TryGetDouble(out var expected);

        var actual = Read(number, out var ok);

        Assert.Equal(expectedOk, ok);
        AssertSameBits(expected, actual);
    }

    [Fact]
    public void TryGetDouble_SeededNumbersOfEveryShape_AgreeWithTheFrameworkBitForBit()
    {
        var random = new Random(20261204);
        var fastWays = 0;
        for (var i = 0; i < 200_000; i++)
        {
            var number = JsonNumberText.Next(random);
            var json = Encoding.UTF8.GetBytes($"[{number}]");
            var reader = new Utf8JsonReader(json);
            reader.Read();
            reader.Read();

            var expectedOk = reader.TryGetDouble(out var expected);
            var ok = JsonDecimal.TryGetDouble(ref reader, out var actual);

            Assert.True(expectedOk == ok, $"{number}: framework {expectedOk}, ours {ok}");
            if (ok)
            {
                Assert.True(BitConverter.DoubleToInt64Bits(expected) == BitConverter.DoubleToInt64Bits(actual), $"{number}: framework {expected:R}, ours {actual:R}");
            }

            fastWays += JsonDecimal.TryExact(reader.ValueSpan, out _) ? 1 : 0;
        }

        // The generator makes both kinds: the comparison covers the fast way and the fallback alike.
        Assert.InRange(fastWays, 50_000, 150_000);
    }

    private static double Read(string number, out bool ok)
    {
        var reader = new Utf8JsonReader(Encoding.UTF8.GetBytes(number));
        reader.Read();
        ok = JsonDecimal.TryGetDouble(ref reader, out var value);
        return value;
    }

    private static void AssertSameBits(double expected, double actual) =>
        Assert.Equal(BitConverter.DoubleToInt64Bits(expected), BitConverter.DoubleToInt64Bits(actual));
}
