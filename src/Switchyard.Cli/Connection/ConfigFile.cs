namespace Switchyard.Cli.Connection;

/// <summary>
/// The Databricks CLI's INI config (<c>~/.databrickscfg</c>): <c>[PROFILE]</c> sections of
/// <c>key = value</c> lines; <c>#</c> and <c>;</c> start comments. Keys the client does not use
/// (auth_type, cluster_id…) are kept but ignored, so one file serves both tools.
/// </summary>
internal sealed class ConfigFile
{
    private readonly Dictionary<string, Dictionary<string, string>> _profiles;

    private ConfigFile(Dictionary<string, Dictionary<string, string>> profiles) => _profiles = profiles;

    public static ConfigFile Empty { get; } = new([]);

    public static ConfigFile Load(string path) => File.Exists(path) ? Parse(File.ReadAllLines(path)) : Empty;

    public static ConfigFile Parse(IEnumerable<string> lines)
    {
        var profiles = new Dictionary<string, Dictionary<string, string>>(StringComparer.Ordinal);
        Dictionary<string, string>? current = null;
        foreach (var raw in lines)
        {
            var line = raw.Trim();
            if (line.Length == 0 || line[0] is '#' or ';')
            {
                continue;
            }

            if (line[0] == '[' && line[^1] == ']')
            {
                var name = line[1..^1].Trim();
                if (!profiles.TryGetValue(name, out current))
                {
                    profiles[name] = current = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
                }

                continue;
            }

            var equals = line.IndexOf('=', StringComparison.Ordinal);
            if (current is not null && equals > 0)
            {
                current[line[..equals].Trim()] = line[(equals + 1)..].Trim();
            }
        }

        return new ConfigFile(profiles);
    }

    public bool HasProfile(string name) => _profiles.ContainsKey(name);

    public string? Value(string profile, string key) =>
        _profiles.TryGetValue(profile, out var values) && values.TryGetValue(key, out var value) && value.Length > 0 ? value : null;
}
