namespace Switchyard.Core.Gateway;

/// <summary>
/// Where the usage log keeps its rows (<c>endpoint_usage</c>) and their <c>served_entities</c>
/// companion. Written by one background writer in batches; read by the usage route.
/// </summary>
public interface IUsageStore
{
    /// <summary>Appends <paramref name="rows"/> and upserts <paramref name="entities"/> (by id) in one transaction.</summary>
    Task AppendAsync(IReadOnlyList<UsageRecord> rows, IReadOnlyList<ServedEntityRecord> entities, CancellationToken ct);

    /// <summary>One page of an endpoint's rows that <paramref name="query"/> selects, oldest first.</summary>
    Task<UsagePage> ReadAsync(UsageQuery query, CancellationToken ct);

    /// <summary>Per served entity and requester, what the rows <paramref name="query"/> selects add up to (its paging ignored).</summary>
    Task<IReadOnlyList<UsageTotal>> SumAsync(UsageQuery query, CancellationToken ct);

    /// <summary>The served-entity records of an endpoint, by change time.</summary>
    Task<IReadOnlyList<ServedEntityRecord>> ReadServedEntitiesAsync(string endpointName, CancellationToken ct);

    /// <summary>Deletes every row and served-entity record of an endpoint (it was deleted).</summary>
    Task DeleteEndpointAsync(string endpointName, CancellationToken ct);
}

/// <summary>
/// Which rows of one endpoint to read: request time in [<paramref name="From"/>, <paramref name="To"/>),
/// optionally one requester's only, at most <paramref name="MaxResults"/> after <paramref name="After"/>.
/// </summary>
public sealed record UsageQuery(
    string EndpointName,
    DateTimeOffset From,
    DateTimeOffset To,
    string? Requester,
    int MaxResults,
    UsageCursor? After = null);

/// <summary>
/// Where a page ended: the last row's request time and its place in the log, so the next page
/// starts after it even when many rows share one millisecond.
/// </summary>
public sealed record UsageCursor(long RequestTimeMs, long Sequence);

/// <param name="Next">Where the next page starts; null on the last page.</param>
public sealed record UsagePage(IReadOnlyList<UsageRecord> Rows, UsageCursor? Next);

/// <summary>What one requester's requests to one served entity added up to; an error is a status of 400 or more.</summary>
public sealed record UsageTotal(string ServedEntityName, string Requester, long Requests, long Errors, long InputTokens, long OutputTokens);
