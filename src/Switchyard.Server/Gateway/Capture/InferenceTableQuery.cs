using System.Text.Json.Nodes;
using DuckDB.NET.Data;
using Switchyard.Core.Errors;
using Switchyard.Core.Gateway;

namespace Switchyard.Server.Gateway.Capture;

/// <summary>
/// Runs one read-only SQL query over an endpoint's payload table with embedded DuckDB, in a fresh
/// in-memory database per query. The table is the view <c>payload</c> over its Parquet files (hive
/// partitioned by <c>request_date</c>); its three-part name <c>&lt;catalog&gt;.&lt;schema&gt;.&lt;prefix&gt;_payload</c>
/// (or <c>&lt;schema&gt;.…</c>, or the bare table name) is rewritten to it in the parsed query, since
/// DuckDB reserves catalog names such as <c>main</c>. Before the caller's SQL runs, DuckDB is locked
/// down: only the table's own folder may be read (<c>allowed_directories</c>), every other file,
/// extension or network access is off (<c>enable_external_access = false</c>) and no setting may
/// change again (<c>lock_configuration</c>). The SQL must be one SELECT (WITH, FROM-first,
/// DESCRIBE, SUMMARIZE and set operations included): <c>json_serialize_sql</c> serializes nothing
/// else, so COPY, ATTACH, INSERT, SET, PRAGMA and the like are refused before they run.
/// </summary>
public sealed class InferenceTableQuery : IDisposable
{
    /// <summary>At most this many rows are answered; <c>truncated</c> says when there were more.</summary>
    public const int RowLimit = 10_000;

    /// <summary>A query running longer is interrupted.</summary>
    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);

    /// <summary>The payload columns, in the table's order.</summary>
    private const string Columns =
        "request_date, databricks_request_id, client_request_id, request_time, status_code, sampling_fraction, "
        + "execution_duration_ms, request, response, logging_error_codes, served_entity_id, requester";

    private const string EmptyTable =
        "SELECT NULL::DATE AS request_date, NULL::VARCHAR AS databricks_request_id, NULL::VARCHAR AS client_request_id, "
        + "NULL::TIMESTAMPTZ AS request_time, NULL::INTEGER AS status_code, NULL::DOUBLE AS sampling_fraction, "
        + "NULL::BIGINT AS execution_duration_ms, NULL::VARCHAR AS request, NULL::VARCHAR AS response, "
        + "NULL::VARCHAR[] AS logging_error_codes, NULL::VARCHAR AS served_entity_id, NULL::VARCHAR AS requester WHERE false";

    // Two at once at most: the data plane shares the machine.
    private readonly SemaphoreSlim _running = new(2, 2);

    public void Dispose() => _running.Dispose();

    /// <summary>Answers <c>{"columns": [{"name", "type"}], "rows": [[…]], "truncated", "row_limit"}</c>.</summary>
    public async Task<JsonObject> RunAsync(string folder, InferenceTableConfig table, string sql, CancellationToken ct)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
        timeout.CancelAfter(Timeout);
        if (!await _running.WaitAsync(Timeout, ct))
        {
            throw new ServingException(ErrorCode.TemporarilyUnavailable, "Other inference-table queries are running; retry shortly.");
        }

        try
        {
            return await Task.Run(() => Run(folder, table, sql, timeout.Token), CancellationToken.None);
        }
        catch (OperationCanceledException) when (!ct.IsCancellationRequested)
        {
            throw new ServingException(ErrorCode.DeadlineExceeded, $"The query ran past its {Timeout.TotalSeconds:0} s limit and was stopped.");
        }
        catch (DuckDBException error)
        {
            // DuckDB names the problem (a syntax error, a file it may not read); the folder is named as the table.
            throw ServingException.Invalid($"sql: {error.Message.Replace(folder, table.PayloadTable, StringComparison.Ordinal)}");
        }
        finally
        {
            _running.Release();
        }
    }

    private static JsonObject Run(string folder, InferenceTableConfig table, string sql, CancellationToken ct)
    {
        using var connection = new DuckDBConnection("DataSource=:memory:");
        connection.Open();
        LockDown(connection, folder);
        var query = ReadOnlyQuery.Check(connection, sql, table);
        using var command = connection.CreateCommand();
        using var cancel = ct.Register(command.Cancel);
        var described = Describe(connection, query, ct);
        command.CommandText = query;
        using var reader = command.ExecuteReader();
        var columns = described ?? ColumnsOf(reader);
        var rows = new JsonArray();
        var truncated = false;
        while (reader.Read())
        {
            if (rows.Count == RowLimit)
            {
                truncated = true;
                break;
            }

            var row = new JsonArray();
            for (var i = 0; i < reader.FieldCount; i++)
            {
                row.Add(reader.IsDBNull(i) ? null : SqlValues.ToJson(reader.GetValue(i)));
            }

            rows.Add(row);
        }

        ct.ThrowIfCancellationRequested();
        return new JsonObject { ["columns"] = columns, ["rows"] = rows, ["truncated"] = truncated, ["row_limit"] = RowLimit };
    }

    /// <summary>The view over the table's files, then the lock: from here on DuckDB reads that folder and nothing else.</summary>
    private static void LockDown(DuckDBConnection connection, string folder)
    {
        var literal = "'" + folder.Replace("'", "''", StringComparison.Ordinal);
        var hasFiles = Directory.Exists(folder)
            && Directory.EnumerateFiles(folder, "*" + InferenceTableLayout.FileExtension, SearchOption.AllDirectories).Any();
        var source = hasFiles
            ? $"SELECT {Columns} FROM read_parquet({literal}/{InferenceTableLayout.PartitionPrefix}*/*{InferenceTableLayout.FileExtension}', hive_partitioning = true, union_by_name = true)"
            : EmptyTable;
        Execute(connection, "SET memory_limit = '512MB'");
        Execute(connection, $"CREATE VIEW payload AS {source}");
        Execute(connection, $"SET allowed_directories = [{literal}/']");
        Execute(connection, "SET enable_external_access = false");
        Execute(connection, "SET lock_configuration = true");
    }

    /// <summary>
    /// The result's columns with DuckDB's own type names (<c>VARCHAR[]</c>, <c>TIMESTAMP WITH TIME ZONE</c>…);
    /// null for a query DESCRIBE does not take (a DESCRIBE or SUMMARIZE itself).
    /// </summary>
    private static JsonArray? Describe(DuckDBConnection connection, string query, CancellationToken ct)
    {
        using var command = connection.CreateCommand();
        using var cancel = ct.Register(command.Cancel);
        command.CommandText = "DESCRIBE " + query;
        try
        {
            using var reader = command.ExecuteReader();
            var columns = new JsonArray();
            while (reader.Read())
            {
                columns.Add(new JsonObject { ["name"] = reader.GetString(0), ["type"] = reader.GetString(1) });
            }

            return columns;
        }
        catch (DuckDBException) when (!ct.IsCancellationRequested)
        {
            return null;
        }
    }

    /// <summary>The columns as the result reader names their types, upper-cased.</summary>
    private static JsonArray ColumnsOf(DuckDBDataReader reader)
    {
        var columns = new JsonArray();
        for (var i = 0; i < reader.FieldCount; i++)
        {
            columns.Add(new JsonObject { ["name"] = reader.GetName(i), ["type"] = reader.GetDataTypeName(i).ToUpperInvariant() });
        }

        return columns;
    }

    private static void Execute(DuckDBConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }
}
