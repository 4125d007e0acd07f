using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace Switchyard.Providers.Bedrock;

/// <summary>
/// AWS Signature Version 4 for one request: the canonical request, the string to sign, the
/// derived signing key and the <c>Authorization</c> header value. The caller passes every header
/// it will send that should be signed (at least <c>host</c> and <c>x-amz-date</c>).
/// </summary>
public static class SigV4Signer
{
    public const string Algorithm = "AWS4-HMAC-SHA256";

    /// <summary>The <c>x-amz-date</c> form of <paramref name="time"/> (basic ISO 8601, UTC).</summary>
    public static string AmzDate(DateTimeOffset time) =>
        time.UtcDateTime.ToString("yyyyMMdd'T'HHmmss'Z'", CultureInfo.InvariantCulture);

    /// <summary>
    /// The <c>Authorization</c> header value. <paramref name="escapedPath"/> is the path as sent
    /// on the wire (already percent-encoded once); <paramref name="query"/> is the raw query
    /// without its <c>?</c>.
    /// </summary>
    public static string Authorization(
        SigV4Credentials credentials,
        string region,
        string service,
        string method,
        string escapedPath,
        string query,
        IEnumerable<KeyValuePair<string, string>> headers,
        ReadOnlySpan<byte> body,
        string amzDate)
    {
        var signed = CanonicalHeaders(headers, out var signedHeaders);
        var canonicalRequest = string.Join(
            '\n',
            method,
            CanonicalPath(escapedPath),
            CanonicalQuery(query),
            signed,
            signedHeaders,
            HexSha256(body));
        var date = amzDate[..8];
        var scope = $"{date}/{region}/{service}/aws4_request";
        var stringToSign = string.Join('\n', Algorithm, amzDate, scope, HexSha256(Encoding.UTF8.GetBytes(canonicalRequest)));
        var key = SigningKey(credentials.SecretAccessKey, date, region, service);
        var signature = Convert.ToHexStringLower(HMACSHA256.HashData(key, Encoding.UTF8.GetBytes(stringToSign)));
        return $"{Algorithm} Credential={credentials.AccessKeyId}/{scope}, SignedHeaders={signedHeaders}, Signature={signature}";
    }

    /// <summary>kSigning = HMAC(HMAC(HMAC(HMAC("AWS4" + secret, date), region), service), "aws4_request").</summary>
    public static byte[] SigningKey(string secretAccessKey, string date, string region, string service)
    {
        var key = HMACSHA256.HashData(Encoding.UTF8.GetBytes("AWS4" + secretAccessKey), Encoding.UTF8.GetBytes(date));
        key = HMACSHA256.HashData(key, Encoding.UTF8.GetBytes(region));
        key = HMACSHA256.HashData(key, Encoding.UTF8.GetBytes(service));
        return HMACSHA256.HashData(key, "aws4_request"u8);
    }

    public static string HexSha256(ReadOnlySpan<byte> data) => Convert.ToHexStringLower(SHA256.HashData(data));

    /// <summary>
    /// Every service but S3 encodes each path segment once more on top of the wire form, so a
    /// model id's <c>%3A</c> signs as <c>%253A</c>.
    /// </summary>
    internal static string CanonicalPath(string escapedPath)
    {
        if (escapedPath.Length == 0)
        {
            return "/";
        }

        var segments = escapedPath.Split('/');
        for (var i = 0; i < segments.Length; i++)
        {
            segments[i] = UriEncode(segments[i]);
        }

        return string.Join('/', segments);
    }

    internal static string CanonicalQuery(string query)
    {
        if (query.Length == 0)
        {
            return "";
        }

        var pairs = new List<(string Name, string Value)>();
        foreach (var part in query.Split('&', StringSplitOptions.RemoveEmptyEntries))
        {
            var eq = part.IndexOf('=', StringComparison.Ordinal);
            var name = eq < 0 ? part : part[..eq];
            var value = eq < 0 ? "" : part[(eq + 1)..];
            pairs.Add((UriEncode(Uri.UnescapeDataString(name)), UriEncode(Uri.UnescapeDataString(value))));
        }

        pairs.Sort(static (a, b) =>
        {
            var byName = string.CompareOrdinal(a.Name, b.Name);
            return byName != 0 ? byName : string.CompareOrdinal(a.Value, b.Value);
        });
        return string.Join('&', pairs.Select(static p => $"{p.Name}={p.Value}"));
    }

    private static string CanonicalHeaders(IEnumerable<KeyValuePair<string, string>> headers, out string signedHeaders)
    {
        var byName = new SortedDictionary<string, List<string>>(StringComparer.Ordinal);
        foreach (var (name, value) in headers)
        {
            var lower = name.ToLowerInvariant();
            if (!byName.TryGetValue(lower, out var values))
            {
                byName[lower] = values = [];
            }

            values.Add(CollapseSpaces(value.Trim()));
        }

        var builder = new StringBuilder();
        foreach (var (name, values) in byName)
        {
            builder.Append(name).Append(':').AppendJoin(',', values).Append('\n');
        }

        signedHeaders = string.Join(';', byName.Keys);
        return builder.ToString();
    }

    private static string CollapseSpaces(string value)
    {
        if (!value.Contains("  ", StringComparison.Ordinal))
        {
            return value;
        }

        var builder = new StringBuilder(value.Length);
        var lastWasSpace = false;
        foreach (var c in value)
        {
            if (c == ' ' && lastWasSpace)
            {
                continue;
            }

            lastWasSpace = c == ' ';
            builder.Append(c);
        }

        return builder.ToString();
    }

    /// <summary>RFC 3986 encoding: unreserved characters stay, every other byte becomes %XX (upper case).</summary>
    private static string UriEncode(string value)
    {
        var builder = new StringBuilder(value.Length);
        foreach (var b in Encoding.UTF8.GetBytes(value))
        {
            var c = (char)b;
            if (char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.' or '~')
            {
                builder.Append(c);
            }
            else
            {
                builder.Append('%').Append(b.ToString("X2", CultureInfo.InvariantCulture));
            }
        }

        return builder.ToString();
    }
}

/// <summary>An AWS access key pair (never logged or echoed).</summary>
public sealed record SigV4Credentials(string AccessKeyId, string SecretAccessKey)
{
    public override string ToString() => $"SigV4Credentials {{ AccessKeyId = {AccessKeyId} }}";
}
