using System.Security.Cryptography;

namespace Switchyard.Server.Gateway.Capture;

/// <summary>
/// Request ids: 32 hex digits, a random 64-bit prefix drawn once per process and a counter. As
/// unique as a GUID's random bits for our purpose (no two queries of one process share a counter,
/// two processes share a prefix with odds of 2^-64), at a tenth of the cost of
/// <see cref="Guid.NewGuid"/>, which every query pays.
/// </summary>
public static class RequestIds
{
    private static readonly ulong Prefix = BitConverter.ToUInt64(RandomNumberGenerator.GetBytes(sizeof(ulong)));
    private static long _counter;

    public static string Next() =>
        string.Create(32, (ulong)Interlocked.Increment(ref _counter), static (digits, count) =>
        {
            Prefix.TryFormat(digits[..16], out _, "x16");
            count.TryFormat(digits[16..], out _, "x16");
        });
}
