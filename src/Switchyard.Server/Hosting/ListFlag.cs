namespace Switchyard.Server.Hosting;

/// <summary>
/// A command-line flag that gives a list setting: <c>--flag a --flag b</c>, or <c>--flag a:b</c>
/// (split on the platform's PATH separator, as lists of folders usually are). Configuration binds
/// lists only from indexed keys, so each item becomes <c>--Section:Setting:N=item</c>.
/// </summary>
internal static class ListFlag
{
    public static string[] Expand(string[] args, string flag, string key)
    {
        var expanded = new List<string>(args.Length);
        var index = 0;
        for (var i = 0; i < args.Length; i++)
        {
            string? value = null;
            if (args[i] == flag && i + 1 < args.Length)
            {
                value = args[++i];
            }
            else if (args[i].StartsWith(flag + "=", StringComparison.Ordinal))
            {
                value = args[i][(flag.Length + 1)..];
            }

            if (value is null)
            {
                expanded.Add(args[i]);
                continue;
            }

            foreach (var item in value.Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            {
                expanded.Add($"--{key}:{index++}={item}");
            }
        }

        return [.. expanded];
    }
}
