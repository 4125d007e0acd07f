using Microsoft.Data.Sqlite;
using Switchyard.Core.Experiments;
using Switchyard.Core.Gateway;
using Switchyard.Server.Tests.Registry;
using Switchyard.Storage.Sql;
using Switchyard.Storage.Sqlite;
using Switchyard.Storage.Stores;
using Switchyard.Testing.Services;

namespace Switchyard.Server.Tests.Experiments;

/// <summary>The usage columns the readout added, on a SQLite database written before them, and the feedback table (on SQLite and PostgreSQL).</summary>
public sealed class ExperimentStoreTests : IDisposable
{
    private static readonly CancellationToken None = CancellationToken.None;
    private static readonly DateTimeOffset Start = DateTimeOffset.FromUnixTimeMilliseconds(1_767_225_600_000);
    private readonly TempFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    private string DatabasePath => Path.Combine(_folder.Path, "switchyard.db");

    [Fact]
    public async Task ADatabaseFromBeforeTheColumns_GetsThem_KeepsItsRows_AndTheReadoutSkipsRowsWithoutAVersion()
    {
        // endpoint_usage as the previous release created it, with one row.
        using (var connection = new SqliteConnection($"Data Source={DatabasePath};Pooling=False"))
        {
            connection.Open();
            using var create = connection.CreateCommand();
            create.CommandText = """
                CREATE TABLE endpoint_usage (
                    seq INTEGER PRIMARY KEY, endpoint_name TEXT NOT NULL, databricks_request_id TEXT NOT NULL, client_request_id TEXT,
                    request_time BIGINT NOT NULL, status_code INTEGER NOT NULL, requester TEXT NOT NULL, served_entity_id TEXT NOT NULL,
                    served_entity_name TEXT NOT NULL, input_token_count INTEGER, output_token_count INTEGER, request_streaming INTEGER NOT NULL,
                    usage_context TEXT, latency_ms DOUBLE PRECISION NOT NULL, time_to_first_byte_ms DOUBLE PRECISION);
                INSERT INTO endpoint_usage (endpoint_name, databricks_request_id, request_time, status_code, requester, served_entity_id,
                    served_entity_name, request_streaming, latency_ms)
                VALUES ('ab', 'old-1', 1767225600000, 200, 'ana@example.com', 'id-1', 'current', 0, 5);
                """;
            create.ExecuteNonQuery();
        }

        var database = new SqliteDatabase(DatabasePath);
        var usage = new SqlUsageStore(database);
        var experiments = new SqlExperimentStore(database);
        var fresh = new UsageRecord("new-1", null, Start.AddSeconds(1), 503, "ana@example.com", "ab", "id-2", "challenger", 3, 4, false, null, 7, null)
        {
            ConfigVersion = 2,
            UnitKey = UnitKeyHash.Of("user-1"),
        };
        await usage.AppendAsync([fresh], [], None);

        var rows = (await usage.ReadAsync(new UsageQuery("ab", Start, Start.AddDays(1), null, 10), None)).Rows;
        Assert.Equal(["old-1", "new-1"], rows.Select(r => r.DatabricksRequestId));
        Assert.Null(rows[0].ConfigVersion);
        Assert.Null(rows[0].UnitKey);
        Assert.Equal(fresh, rows[1]);

        var capture = await experiments.ReadAsync("ab", Start, Start.AddDays(1), None);
        Assert.Equal(new CapturedQuery("new-1", "challenger", 2, UnitKeyHash.Of("user-1"), 503, 7, 3, 4), capture.Queries.Single());

        // Opening the migrated file again changes nothing.
        _ = new SqlUsageStore(new SqliteDatabase(DatabasePath));
        Assert.Equal(2, (await usage.ReadAsync(new UsageQuery("ab", Start, Start.AddDays(1), null, 10), None)).Rows.Count);
    }

    [Theory, MemberData(nameof(TestDatabase.Engines), MemberType = typeof(TestDatabase))]
    public async Task Feedback_LastValueWins_JoinsOnlyCapturedQueries_AndIsDeletedWithTheEndpoint(string engine)
    {
        await using var db = await TestDatabase.CreateAsync(engine);
        var database = db.Database;
        var usage = new SqlUsageStore(database);
        var experiments = new SqlExperimentStore(database);
        var row = new UsageRecord("q1", null, Start, 200, "ana@example.com", "ab", "id-1", "current", null, null, false, null, 1, null)
        {
            ConfigVersion = 1,
        };
        await usage.AppendAsync([row], [], None);
        await experiments.RecordFeedbackAsync(new FeedbackRecord("ab", "q1", "clicked", 0, Start, "ana@example.com"), None);
        await experiments.RecordFeedbackAsync(new FeedbackRecord("ab", "q1", "clicked", 1, Start.AddSeconds(1), "bo@example.com"), None);
        await experiments.RecordFeedbackAsync(new FeedbackRecord("ab", "never-answered", "clicked", 1, Start, "ana@example.com"), None);
        await experiments.RecordFeedbackAsync(new FeedbackRecord("other", "q1", "clicked", 5, Start, "ana@example.com"), None);

        var capture = await experiments.ReadAsync("ab", Start, Start.AddDays(1), None);
        Assert.Equal([new QueryFeedback("q1", "clicked", 1)], capture.Feedback);

        await experiments.DeleteEndpointAsync("ab", None);
        Assert.Empty((await experiments.ReadAsync("ab", Start, Start.AddDays(1), None)).Feedback);
    }
}
