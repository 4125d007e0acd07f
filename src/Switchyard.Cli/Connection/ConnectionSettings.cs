using Switchyard.Cli.Arguments;
using Switchyard.Cli.Hosting;

namespace Switchyard.Cli.Connection;

/// <summary>
/// Where to connect and with which token. Each value comes from the first place that has it:
/// the <c>--host</c> / <c>--token</c> flags, then <c>DATABRICKS_HOST</c> / <c>DATABRICKS_TOKEN</c>,
/// then the profile (<c>--profile</c>, else <c>DATABRICKS_CONFIG_PROFILE</c>, else DEFAULT) of the
/// config file (<c>DATABRICKS_CONFIG_FILE</c>, else <c>~/.databrickscfg</c>). The same order the
/// Databricks CLI and SDKs use, so existing setups work unchanged.
/// </summary>
internal sealed record ConnectionSettings(Uri Host, string Token)
{
    public const string DefaultProfile = "DEFAULT";

    /// <summary>Never shows the token, so a settings object can be logged or printed safely.</summary>
    public override string ToString() => Host.ToString();

    public static ConnectionSettings Resolve(CommandLine line, CliEnvironment environment)
    {
        var explicitProfile = line.Option("profile") ?? NonEmpty(environment.Variable("DATABRICKS_CONFIG_PROFILE"));
        var profile = explicitProfile ?? DefaultProfile;
        var path = NonEmpty(environment.Variable("DATABRICKS_CONFIG_FILE")) ?? Path.Combine(environment.HomeDirectory, ".databrickscfg");
        var file = ConfigFile.Load(path);
        if (explicitProfile is not null && !file.HasProfile(explicitProfile))
        {
            throw CliException.Usage($"Profile '{explicitProfile}' is not in {path}.");
        }

        var host = NonEmpty(line.Option("host")) ?? NonEmpty(environment.Variable("DATABRICKS_HOST")) ?? file.Value(profile, "host")
            ?? throw CliException.Usage($"No host: pass --host, set DATABRICKS_HOST, or add host to profile [{profile}] in {path}.");
        var token = NonEmpty(line.Option("token")) ?? NonEmpty(environment.Variable("DATABRICKS_TOKEN")) ?? file.Value(profile, "token")
            ?? throw CliException.Usage($"No token: set DATABRICKS_TOKEN, add token to profile [{profile}] in {path}, or pass --token.");
        return new ConnectionSettings(ParseHost(host), token);
    }

    // A bare host name means https, as in the Databricks CLI; a path prefix is kept for hosts behind a proxy.
    private static Uri ParseHost(string host)
    {
        var text = host.Contains("://", StringComparison.Ordinal) ? host : "https://" + host;
        if (!Uri.TryCreate(text.TrimEnd('/') + "/", UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps))
        {
            throw CliException.Usage($"Host '{host}' is not an http or https URL.");
        }

        return uri;
    }

    private static string? NonEmpty(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();
}
