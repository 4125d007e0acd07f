namespace Switchyard.Storage.Sql;

/// <summary>
/// The <c>SET</c> list of an <c>INSERT … ON CONFLICT (key) DO UPDATE</c> that replaces a row's
/// other columns with the inserted ones: one spelling SQLite and PostgreSQL both read (SQLite's
/// <c>INSERT OR REPLACE</c> is not PostgreSQL's).
/// </summary>
public static class Upsert
{
    /// <param name="columns">The comma-separated columns to replace (not the conflict key).</param>
    public static string SetAll(string columns) =>
        string.Join(", ", columns.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries).Select(c => $"{c} = excluded.{c}"));
}
