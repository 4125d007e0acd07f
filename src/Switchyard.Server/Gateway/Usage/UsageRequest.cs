using System.Buffers.Text;
using System.Globalization;
using System.Text;
using Switchyard.Core.Errors;
using Switchyard.Core.Gateway;

namespace Switchyard.Server.Gateway.Usage;

/// <summary>
/// The usage route's query parameters: <c>start_time</c> and <c>end_time</c> (epoch milliseconds,
/// the range [start, end)), <c>requester</c>, <c>max_results</c> (0 or none: 1000; more than
/// 10000 is taken as 10000, as the registry lists clamp theirs) and <c>page_token</c>, an opaque
/// (base64url) cursor after the last row answered, so rows appended between calls never shift a page.
/// </summary>
internal sealed record UsageRequest(DateTimeOffset? Start, DateTimeOffset? End, string? Requester, int MaxResults, UsageCursor? After)
{
    public const int DefaultMaxResults = 1000;
    public const int MostResults = 10_000;

    // DateTimeOffset.MaxValue in epoch milliseconds: the latest time a parameter may name.
    private const long LatestMs = 253_402_300_799_999;

    public static UsageRequest From(HttpRequest request)
    {
        var query = request.Query;
        var start = Time(query["start_time"].ToString(), "start_time");
        var end = Time(query["end_time"].ToString(), "end_time");
        if (start is not null && end is not null && end <= start)
        {
            throw ServingException.Invalid("end_time must be later than start_time (the range is [start_time, end_time)).");
        }

        var requester = query["requester"].ToString();
        return new UsageRequest(start, end, requester.Length == 0 ? null : requester, PageSize(query["max_results"].ToString()),
            Cursor(query["page_token"].ToString()));
    }

    /// <summary>The token of the page after the one that ended at <paramref name="cursor"/>.</summary>
    public static string TokenOf(UsageCursor cursor) => Base64Url.EncodeToString(
        Encoding.UTF8.GetBytes(string.Create(CultureInfo.InvariantCulture, $"{cursor.RequestTimeMs}.{cursor.Sequence}")));

    private static DateTimeOffset? Time(string text, string field)
    {
        if (text.Length == 0)
        {
            return null;
        }

        return long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var ms) && ms <= LatestMs
            ? DateTimeOffset.FromUnixTimeMilliseconds(ms)
            : throw ServingException.Invalid($"{field} must be a time in epoch milliseconds (a non-negative integer).");
    }

    private static int PageSize(string text)
    {
        if (text.Length == 0)
        {
            return DefaultMaxResults;
        }

        if (!int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var size))
        {
            throw ServingException.Invalid("max_results must be a non-negative integer.");
        }

        return size == 0 ? DefaultMaxResults : Math.Min(size, MostResults);
    }

    private static UsageCursor? Cursor(string token)
    {
        if (token.Length == 0)
        {
            return null;
        }

        try
        {
            var parts = Encoding.UTF8.GetString(Base64Url.DecodeFromChars(token)).Split('.');
            if (parts.Length == 2
                && long.TryParse(parts[0], NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var time)
                && long.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var sequence))
            {
                return new UsageCursor(time, sequence);
            }
        }
        catch (FormatException)
        {
            // Not base64url: refused below like any other token this route did not give.
        }

        throw ServingException.Invalid("page_token is not a token this route gave.");
    }
}
