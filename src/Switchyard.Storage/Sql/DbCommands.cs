using System.Data.Common;

namespace Switchyard.Storage.Sql;

/// <summary>One way for every store to build a parameterised command, on either engine (a null value is written as SQL NULL).</summary>
public static class DbCommands
{
    /// <param name="sql">SQL both engines read, naming its parameters <c>@name</c>.</param>
    /// <param name="parameters">Each parameter's name (with its <c>@</c>) and value. Booleans are written as 0 or 1, as the tables keep them.</param>
    public static DbCommand Create(DbConnection connection, DbTransaction? transaction, string sql, params (string Name, object? Value)[] parameters)
    {
        var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        foreach (var (name, value) in parameters)
        {
            command.AddParameter(name, value);
        }

        return command;
    }

    /// <summary>Adds the parameter <paramref name="name"/> (with its <c>@</c>) holding <paramref name="value"/>.</summary>
    public static void AddParameter(this DbCommand command, string name, object? value)
    {
        var parameter = command.CreateParameter();
        parameter.ParameterName = name;
        parameter.Value = Column(value);
        command.Parameters.Add(parameter);
    }

    /// <summary>A value as a column holds it: null as DBNull, a boolean as 0 or 1 (PostgreSQL will not put a boolean in an integer column).</summary>
    public static object Column(object? value) => value switch
    {
        null => DBNull.Value,
        bool flag => flag ? 1L : 0L,
        _ => value,
    };
}
