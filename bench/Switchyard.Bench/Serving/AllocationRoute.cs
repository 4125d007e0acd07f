using System.Globalization;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Routing;

namespace Switchyard.Bench.Serving;

/// <summary>
/// <c>GET /bench/allocated-bytes</c> on a serving process of the bench (Switchyard and the floor):
/// the bytes the process has allocated so far, read before and after a side so the report can
/// give bytes allocated per request. The one route the bench adds to the server; it is read twice
/// per side, never under load.
/// </summary>
public static class AllocationRoute
{
    public const string Path = "/bench/allocated-bytes";

    public static void MapAllocatedBytes(this IEndpointRouteBuilder routes) =>
        routes.MapGet(Path, static () => GC.GetTotalAllocatedBytes(precise: false).ToString(CultureInfo.InvariantCulture));

    /// <summary>The count a process serving <paramref name="baseAddress"/> reports.</summary>
    public static async Task<long> ReadAsync(HttpClient client, Uri baseAddress) =>
        long.Parse(await client.GetStringAsync(new Uri(baseAddress, Path)), CultureInfo.InvariantCulture);
}
