using Microsoft.Data.Sqlite;

namespace Switchyard.Storage.Sqlite;

/// <summary>One way for every store to build a parameterised command (a null value is written as SQL NULL).</summary>
internal static class SqliteCommands
{
    public static SqliteCommand Create(
        SqliteConnection connection, SqliteTransaction? transaction, string sql, params (string Name, object? Value)[] parameters)
    {
        var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        foreach (var (name, value) in parameters)
        {
            command.Parameters.AddWithValue(name, value ?? DBNull.Value);
        }

        return command;
    }
}
