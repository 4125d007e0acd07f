using System.Globalization;

namespace Switchyard.Server.Gateway.Limits;

/// <summary>
/// The <c>x-ratelimit-*</c> headers: the limit, what is left of it, and the seconds until its
/// window ends, for the tightest limit that applies to the query (or the one that refused it).
/// Written before the rest of the pipeline runs, so a stream carries them from its first byte.
/// </summary>
public static class LimitHeaders
{
    public const string Limit = "x-ratelimit-limit";
    public const string Remaining = "x-ratelimit-remaining";
    public const string Reset = "x-ratelimit-reset";

    public static void Write(HttpResponse response, long limit, long remaining, int resetSeconds)
    {
        var headers = response.Headers;
        headers[Limit] = limit.ToString(CultureInfo.InvariantCulture);
        headers[Remaining] = remaining.ToString(CultureInfo.InvariantCulture);
        headers[Reset] = resetSeconds.ToString(CultureInfo.InvariantCulture);
    }
}
