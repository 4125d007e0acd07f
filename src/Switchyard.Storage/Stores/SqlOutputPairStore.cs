using System.Data.Common;
using Switchyard.Storage.Sql;
using Switchyard.Core.Experiments;

namespace Switchyard.Storage.Stores;

/// <summary>
/// Output pairs in the database (SQLite or PostgreSQL): one <c>output_pairs</c> row per pair, read by
/// endpoint, source and time range, oldest first. Each output is kept to its first
/// <see cref="MaxOutputChars"/> characters, so one huge answer cannot swell the table; a comparison
/// of two truncated outputs compares their beginnings.
/// </summary>
public sealed class SqlOutputPairStore : IOutputPairStore
{
    /// <summary>How much of each output is kept: 64 Ki characters.</summary>
    public const int MaxOutputChars = 64 * 1024;

    private const string Columns = """
        endpoint_name, source, request_id, pair_time, config_version, baseline_entity, candidate_entity, baseline_status,
        candidate_status, baseline_latency_ms, candidate_latency_ms, baseline_output, candidate_output
        """;

    private static readonly string[] InsertParameters =
    [
        "@endpoint", "@source", "@request_id", "@time", "@config_version", "@baseline_entity", "@candidate_entity",
        "@baseline_status", "@candidate_status", "@baseline_latency", "@candidate_latency", "@baseline_output", "@candidate_output",
    ];

    private readonly SqlDatabase _database;

    public SqlOutputPairStore(SqlDatabase database)
    {
        _database = database;
        database.Migrate("output_pairs", OutputPairSchema.Steps);
    }

    public async Task AppendAsync(IReadOnlyList<OutputPair> pairs, CancellationToken ct)
    {
        if (pairs.Count == 0)
        {
            return;
        }

        await using var connection = _database.Open();
        await using var transaction = _database.BeginWrite(connection);
        using (var insert = new BatchStatement(
            connection, transaction, $"INSERT INTO output_pairs ({Columns}) VALUES ({string.Join(", ", InsertParameters)})", InsertParameters))
        {
            foreach (var pair in pairs)
            {
                ct.ThrowIfCancellationRequested();
                insert.Run(
                    pair.EndpointName, pair.Source, pair.RequestId, pair.Time.ToUnixTimeMilliseconds(), pair.ConfigVersion,
                    pair.BaselineEntity, pair.CandidateEntity, pair.BaselineStatus, pair.CandidateStatus, pair.BaselineLatencyMs,
                    pair.CandidateLatencyMs, Truncated(pair.BaselineOutput), Truncated(pair.CandidateOutput));
            }
        }

        await transaction.CommitAsync(ct);
    }

    public async Task<IReadOnlyList<OutputPair>> ReadAsync(
        string endpointName, string source, DateTimeOffset from, DateTimeOffset to, int maxPairs, CancellationToken ct)
    {
        await using var connection = _database.Open();
        await using var command = DbCommands.Create(connection, null, $"""
            SELECT {Columns} FROM output_pairs
            WHERE endpoint_name = @endpoint AND source = @source AND pair_time >= @from AND pair_time < @to
            ORDER BY pair_time, seq LIMIT @limit
            """,
            ("@endpoint", endpointName), ("@source", source), ("@from", from.ToUnixTimeMilliseconds()),
            ("@to", to.ToUnixTimeMilliseconds()), ("@limit", Math.Max(0, maxPairs)));
        await using var reader = await command.ExecuteReaderAsync(ct);
        var pairs = new List<OutputPair>();
        while (await reader.ReadAsync(ct))
        {
            pairs.Add(Read(reader));
        }

        return pairs;
    }

    public async Task DeleteEndpointAsync(string endpointName, CancellationToken ct)
    {
        await using var connection = _database.Open();
        await using var delete = DbCommands.Create(connection, null, "DELETE FROM output_pairs WHERE endpoint_name = @endpoint",
            ("@endpoint", endpointName));
        await delete.ExecuteNonQueryAsync(ct);
    }

    // A surrogate pair split at the limit would leave half a character: the cut moves back one.
    private static string Truncated(string output) =>
        output.Length <= MaxOutputChars ? output
        : output[..(char.IsHighSurrogate(output[MaxOutputChars - 1]) ? MaxOutputChars - 1 : MaxOutputChars)];

    private static OutputPair Read(DbDataReader reader) => new(
        reader.GetString(0), reader.GetString(1), reader.GetString(2), DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(3)),
        reader.GetInt64(4), reader.GetString(5), reader.GetString(6), reader.GetInt32(7), reader.GetInt32(8), reader.GetDouble(9),
        reader.GetDouble(10), reader.GetString(11), reader.GetString(12));
}
