using Npgsql;

namespace Switchyard.Storage.Postgres;

/// <summary>Reads a <c>--database</c> value: a <c>postgres://user:password@host:port/database?sslmode=…</c> URL, or an Npgsql connection string.</summary>
public static class PostgresConnectionString
{
    public static string From(string setting)
    {
        if (!setting.StartsWith("postgres://", StringComparison.OrdinalIgnoreCase)
            && !setting.StartsWith("postgresql://", StringComparison.OrdinalIgnoreCase))
        {
            try
            {
                return new NpgsqlConnectionStringBuilder(setting).ConnectionString;
            }
            catch (ArgumentException)
            {
                // Never echo the value: it may hold a password.
                throw new ArgumentException(
                    "--database must be a postgres:// URL or an Npgsql connection string (Host=…;Database=…); the value given is neither.");
            }
        }

        var url = new Uri(setting);
        var builder = new NpgsqlConnectionStringBuilder
        {
            Host = url.Host,
            Port = url.IsDefaultPort || url.Port < 0 ? 5432 : url.Port,
            Database = Uri.UnescapeDataString(url.AbsolutePath.TrimStart('/')) is { Length: > 0 } name ? name : "postgres",
        };
        if (url.UserInfo.Length > 0)
        {
            var parts = url.UserInfo.Split(':', 2);
            builder.Username = Uri.UnescapeDataString(parts[0]);
            if (parts.Length == 2)
            {
                builder.Password = Uri.UnescapeDataString(parts[1]);
            }
        }

        foreach (var pair in url.Query.TrimStart('?').Split('&', StringSplitOptions.RemoveEmptyEntries))
        {
            var kv = pair.Split('=', 2);
            var key = Uri.UnescapeDataString(kv[0]);
            var value = kv.Length == 2 ? Uri.UnescapeDataString(kv[1]) : "";
            builder[key.Equals("sslmode", StringComparison.OrdinalIgnoreCase) ? "SSL Mode" : key] = value;
        }

        return builder.ConnectionString;
    }
}
