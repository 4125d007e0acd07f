using System.Security.Cryptography;
using System.Text;
using Switchyard.Core.Secrets;

namespace Switchyard.Core.Tests.Secrets;

public sealed class SecretCipherTests
{
    private static readonly byte[] Plain = Encoding.UTF8.GetBytes("sk-live-0123456789");

    [Fact]
    public void Seal_ThenOpen_GivesThePlaintextBack()
    {
        using var cipher = new SecretCipher(RandomNumberGenerator.GetBytes(32));

        var sealedValue = cipher.Seal("openai", "key", Plain);

        Assert.Equal(Plain, cipher.TryOpen("openai", "key", sealedValue));
        Assert.Equal(12, sealedValue.Nonce.Length);
        Assert.Equal(16, sealedValue.Tag.Length);
        Assert.NotEqual(Plain, sealedValue.Ciphertext);
    }

    [Fact]
    public void Seal_SameValueTwice_FreshNonceEachTime()
    {
        using var cipher = new SecretCipher(RandomNumberGenerator.GetBytes(32));

        var first = cipher.Seal("openai", "key", Plain);
        var second = cipher.Seal("openai", "key", Plain);

        Assert.NotEqual(first.Nonce, second.Nonce);
        Assert.NotEqual(first.Ciphertext, second.Ciphertext);
    }

    [Theory]
    [InlineData("openai", "other")]
    [InlineData("other", "key")]
    [InlineData("openai/key", "")]
    public void Open_UnderAnotherScopeOrKey_Fails(string scope, string key)
    {
        using var cipher = new SecretCipher(RandomNumberGenerator.GetBytes(32));

        var sealedValue = cipher.Seal("openai", "key", Plain);

        Assert.Null(cipher.TryOpen(scope, key, sealedValue));
    }

    [Fact]
    public void Open_WithAnotherKeyOrAlteredBytes_Fails()
    {
        using var cipher = new SecretCipher(RandomNumberGenerator.GetBytes(32));
        using var other = new SecretCipher(RandomNumberGenerator.GetBytes(32));
        var sealedValue = cipher.Seal("openai", "key", Plain);
        var altered = sealedValue with { Ciphertext = [.. sealedValue.Ciphertext] };
        altered.Ciphertext[0] ^= 1;

        Assert.Null(other.TryOpen("openai", "key", sealedValue));
        Assert.Null(cipher.TryOpen("openai", "key", altered));
        Assert.Null(cipher.TryOpen("openai", "key", sealedValue with { Nonce = new byte[8] }));
    }

    [Fact]
    public void SealAndOpen_ManyThreadsAtOnce_EveryValueRoundTrips()
    {
        using var cipher = new SecretCipher(RandomNumberGenerator.GetBytes(32));

        Parallel.For(0, 2000, i =>
        {
            var plain = Encoding.UTF8.GetBytes($"value-{i}-{new string('x', i % 300)}");
            var key = $"k{i}";
            Assert.Equal(plain, cipher.TryOpen("s", key, cipher.Seal("s", key, plain)));
        });
    }

    [Fact]
    public void Constructor_KeyNotThirtyTwoBytes_Throws()
    {
        Assert.Throws<ArgumentException>(() => new SecretCipher(new byte[16]));
    }
}
