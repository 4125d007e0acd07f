using Microsoft.Data.Sqlite;

namespace Switchyard.Storage.Sqlite;

/// <summary>
/// One parameterised statement run once per row of a batch inside a transaction. Its parameters
/// are made once, in the order the caller names them, and each row sets them by position: a row
/// costs its bind and step, not a search of the parameter list by name for every value (which
/// was most of the usage log's write cost). Execution is synchronous: SQLite is, and the batches
/// run on a background writer.
/// </summary>
internal sealed class BatchStatement : IDisposable
{
    private readonly SqliteCommand _command;
    private readonly SqliteParameter[] _parameters;

    public BatchStatement(SqliteConnection connection, SqliteTransaction transaction, string sql, params string[] parameterNames)
    {
        _command = connection.CreateCommand();
        _command.Transaction = transaction;
        _command.CommandText = sql;
        _parameters = new SqliteParameter[parameterNames.Length];
        for (var i = 0; i < parameterNames.Length; i++)
        {
            _parameters[i] = _command.Parameters.Add(new SqliteParameter(parameterNames[i], DBNull.Value));
        }

        _command.Prepare();
    }

    /// <summary>Runs the statement with <paramref name="values"/> in the order of the parameter names given at construction; null is SQL NULL.</summary>
    public void Run(params ReadOnlySpan<object?> values)
    {
        if (values.Length != _parameters.Length)
        {
            throw new ArgumentException($"the statement takes {_parameters.Length} values, not {values.Length}", nameof(values));
        }

        for (var i = 0; i < values.Length; i++)
        {
            _parameters[i].Value = values[i] ?? DBNull.Value;
        }

        _command.ExecuteNonQuery();
    }

    public void Dispose() => _command.Dispose();
}
