using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;
using Switchyard.Server.Gateway.Capture;

namespace Switchyard.Server.Experiments.Replays;

/// <summary>
/// The captured queries a replay sends again, read from the endpoint's inference table files: the
/// rows in the time range whose query reached an entity (a served entity id) with its whole request
/// (a request truncated at capture is no longer the request, so it is left out), each once (a
/// compaction may show a row in both its old and its merged file for a moment), ordered by time then
/// request id, and sampled by <see cref="Sampled"/>.
/// </summary>
public static class CapturedRequests
{
    /// <summary>A replay sends at most this many requests: more is refused (narrow the time range or lower sample_pct).</summary>
    public const int MaxRequests = 10_000;

    public static async Task<List<InferenceRow>> ReadAsync(string tableFolder, ReplayRequest request, CancellationToken ct)
    {
        // A compaction may delete a file between listing and reading it: the listing is read again, a few times at most.
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                return await ReadOnceAsync(tableFolder, request, ct);
            }
            catch (FileNotFoundException) when (attempt < 3)
            {
            }
        }
    }

    private static async Task<List<InferenceRow>> ReadOnceAsync(string tableFolder, ReplayRequest request, CancellationToken ct)
    {
        var rows = new Dictionary<string, InferenceRow>(StringComparer.Ordinal);
        if (!Directory.Exists(tableFolder))
        {
            return [];
        }

        foreach (var path in Directory.EnumerateFiles(tableFolder, "*" + InferenceTableLayout.FileExtension, SearchOption.AllDirectories).Order(StringComparer.Ordinal))
        {
            foreach (var row in await PayloadFiles.ReadAsync(path, ct))
            {
                if (Replayable(row, request))
                {
                    rows.TryAdd(row.DatabricksRequestId, row);
                }
            }
        }

        return [.. rows.Values.OrderBy(static r => r.RequestTime).ThenBy(static r => r.DatabricksRequestId, StringComparer.Ordinal)];
    }

    private static bool Replayable(InferenceRow row, ReplayRequest request)
    {
        var timeMs = new DateTimeOffset(DateTime.SpecifyKind(row.RequestTime, DateTimeKind.Utc)).ToUnixTimeMilliseconds();
        return row.ServedEntityId.Length > 0
            && row.Request.Length > 0
            && !row.LoggingErrorCodes.Contains(PayloadText.RequestTooLarge)
            && (request.StartTimeMs is not { } start || timeMs >= start)
            && (request.EndTimeMs is not { } end || timeMs < end)
            && Sampled(request.Seed, row.DatabricksRequestId, request.SamplePct);
    }

    /// <summary>
    /// Whether the row of <paramref name="requestId"/> is in the sample: the first 8 bytes of
    /// SHA-256("&lt;seed&gt;:&lt;request id&gt;"), as a fraction of 2^64, below <paramref name="percentage"/>/100.
    /// The same seed always picks the same rows, whatever order they are read in.
    /// </summary>
    public static bool Sampled(long seed, string requestId, double percentage)
    {
        if (percentage >= 100)
        {
            return true;
        }

        Span<byte> hash = stackalloc byte[SHA256.HashSizeInBytes];
        SHA256.HashData(Encoding.UTF8.GetBytes(FormattableString.Invariant($"{seed}:{requestId}")), hash);
        var fraction = BinaryPrimitives.ReadUInt64BigEndian(hash) / 18446744073709551616.0;
        return fraction < percentage / 100;
    }
}
