namespace Switchyard.Storage.Sql;

/// <summary>
/// One step of a schema part's history: DDL (with <see cref="SqlDialect.Ddl"/>'s tokens) and
/// columns added to tables that existed before. Step n brings the part to version n. A part's first
/// step creates everything with <c>IF NOT EXISTS</c> and adds its later columns only where missing,
/// so a database written before versions were recorded comes to version 1 unharmed.
/// </summary>
public sealed record SchemaStep(string Sql, params IReadOnlyList<AddedColumn> Columns);

/// <summary>A nullable column a later version of the server added to <paramref name="Table"/>.</summary>
public sealed record AddedColumn(string Table, string Column, string Definition);
