using System.Data.Common;

namespace Switchyard.Storage.Sql;

/// <summary>
/// One parameterised statement run once per row of a batch inside a transaction. Its parameters
/// are made once, in the order the caller names them, and each row sets them by position: a row
/// costs its bind and step, not a search of the parameter list by name for every value (which
/// was most of the usage log's write cost). Execution is synchronous: the batches run on a
/// background writer.
/// </summary>
public sealed class BatchStatement : IDisposable
{
    private readonly DbCommand _command;
    private readonly DbParameter[] _parameters;

    public BatchStatement(DbConnection connection, DbTransaction transaction, string sql, params string[] parameterNames)
    {
        _command = connection.CreateCommand();
        _command.Transaction = transaction;
        _command.CommandText = sql;
        _parameters = new DbParameter[parameterNames.Length];
        for (var i = 0; i < parameterNames.Length; i++)
        {
            var parameter = _command.CreateParameter();
            parameter.ParameterName = parameterNames[i];
            parameter.Value = DBNull.Value;
            _parameters[i] = parameter;
            _command.Parameters.Add(parameter);
        }

        // SQLite compiles the statement once here instead of once per row. Npgsql prepares on the
        // server as each row's types become known, which a parameter still DBNull here cannot say.
        if (connection is Microsoft.Data.Sqlite.SqliteConnection)
        {
            _command.Prepare();
        }
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
            _parameters[i].Value = DbCommands.Column(values[i]);
        }

        _command.ExecuteNonQuery();
    }

    public void Dispose() => _command.Dispose();
}
