using System.Text.Json.Nodes;
using DuckDB.NET.Data;
using Switchyard.Core.Errors;
using Switchyard.Core.Gateway;

namespace Switchyard.Server.Gateway.Capture;

/// <summary>
/// Checks the caller's SQL with DuckDB's own parser before it runs: <c>json_serialize_sql</c>
/// serializes SELECT statements only, so anything else (COPY, ATTACH, INSERT, CREATE, SET,
/// PRAGMA, INSTALL…) is refused, as are several statements. References to the table by its
/// Unity Catalog name are pointed at the <c>payload</c> view in the parsed tree, which DuckDB
/// turns back into SQL (<c>json_deserialize_sql</c>).
/// </summary>
public static class ReadOnlyQuery
{
    public const string View = "payload";

    /// <summary>The SQL to run: the caller's as sent, or re-rendered when it names the table by its catalog name.</summary>
    public static string Check(DuckDBConnection connection, string sql, InferenceTableConfig table)
    {
        var parsed = JsonNode.Parse(Scalar(connection, "SELECT json_serialize_sql($1::VARCHAR)", sql))!.AsObject();
        if ((bool?)parsed["error"] == true)
        {
            throw ServingException.Invalid((string?)parsed["error_type"] == "not implemented"
                ? "sql must be one read-only query (SELECT, WITH … SELECT, FROM …, DESCRIBE, SUMMARIZE): other statements (COPY, ATTACH, INSERT, CREATE, SET, PRAGMA…) are refused."
                : $"sql: {(string?)parsed["error_message"]}");
        }

        var statements = parsed["statements"]!.AsArray();
        if (statements.Count != 1)
        {
            throw ServingException.Invalid($"sql must be exactly one statement; it has {statements.Count}.");
        }

        return PointAtView(parsed, table) ? Scalar(connection, "SELECT json_deserialize_sql($1::JSON)", parsed.ToJsonString()) : sql;
    }

    /// <summary>Rewrites every table reference naming <c>[catalog.][schema.]prefix_payload</c> to the view; true when one did.</summary>
    private static bool PointAtView(JsonNode? node, InferenceTableConfig table)
    {
        var changed = false;
        switch (node)
        {
            case JsonObject fields:
                if (fields["type"] is JsonValue type && type.TryGetValue<string>(out var kind) && kind == "BASE_TABLE" && NamesTable(fields, table))
                {
                    fields["catalog_name"] = "";
                    fields["schema_name"] = "";
                    fields["table_name"] = View;
                    changed = true;
                }

                foreach (var (_, child) in fields)
                {
                    changed |= PointAtView(child, table);
                }

                break;
            case JsonArray items:
                foreach (var child in items)
                {
                    changed |= PointAtView(child, table);
                }

                break;
        }

        return changed;
    }

    private static bool NamesTable(JsonObject reference, InferenceTableConfig table) =>
        Matches((string?)reference["table_name"], table.Prefix + "_payload", orEmpty: false)
        && Matches((string?)reference["schema_name"], table.Schema, orEmpty: true)
        && Matches((string?)reference["catalog_name"], table.Catalog, orEmpty: true);

    private static bool Matches(string? given, string expected, bool orEmpty) =>
        (orEmpty && string.IsNullOrEmpty(given)) || string.Equals(given, expected, StringComparison.OrdinalIgnoreCase);

    private static string Scalar(DuckDBConnection connection, string sql, string argument)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.Parameters.Add(new DuckDBParameter(argument));
        return (string)command.ExecuteScalar()!;
    }
}
