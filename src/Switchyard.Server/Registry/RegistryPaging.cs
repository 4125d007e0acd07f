using System.Buffers.Text;
using System.Globalization;
using System.Text;
using Switchyard.Core.Errors;

namespace Switchyard.Server.Registry;

/// <summary>
/// <c>max_results</c> and <c>page_token</c> for the list routes. A token is the opaque (base64url)
/// key of the last item answered, so a page stays right when items are added or deleted between calls.
/// </summary>
internal readonly record struct RegistryPaging(int Size, string? After)
{
    /// <summary>Page length when the client sets none or 0, and the most it may ask for.</summary>
    public const int MaxSize = 1000;

    public static RegistryPaging From(HttpRequest request)
    {
        var size = MaxSize;
        var text = request.Query["max_results"].ToString();
        if (text.Length > 0)
        {
            if (!int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out size))
            {
                throw ServingException.Invalid($"max_results '{text}' must be a non-negative integer.");
            }

            size = size is 0 or > MaxSize ? MaxSize : size;
        }

        var token = request.Query["page_token"].ToString();
        if (token.Length == 0)
        {
            return new RegistryPaging(size, null);
        }

        try
        {
            return new RegistryPaging(size, Encoding.UTF8.GetString(Base64Url.DecodeFromChars(token)));
        }
        catch (FormatException)
        {
            throw ServingException.Invalid($"page_token '{token}' is not a token this server gave.");
        }
    }

    /// <summary>Takes one page from items already sorted by <paramref name="keyOf"/> (ordinal), and the token of the next.</summary>
    public (List<T> Page, string? NextToken) Apply<T>(IReadOnlyList<T> items, Func<T, string> keyOf, Comparison<string> compare)
    {
        var page = new List<T>(Math.Min(Size, items.Count));
        var more = false;
        foreach (var item in items)
        {
            if (After is not null && compare(keyOf(item), After) <= 0)
            {
                continue;
            }

            if (page.Count == Size)
            {
                more = true;
                break;
            }

            page.Add(item);
        }

        var next = more ? Base64Url.EncodeToString(Encoding.UTF8.GetBytes(keyOf(page[^1]))) : null;
        return (page, next);
    }

    /// <summary>Orders version numbers written as text by their value.</summary>
    public static int CompareNumbers(string left, string right) =>
        long.Parse(left, CultureInfo.InvariantCulture).CompareTo(long.TryParse(right, CultureInfo.InvariantCulture, out var value)
            ? value
            : throw ServingException.Invalid("page_token is not a token this server gave."));
}
