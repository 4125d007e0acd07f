using System.Buffers.Binary;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace Switchyard.Server.Hosting;

/// <summary>
/// The answer to <c>GET /.well-known/databricks-config</c>, which databricks-sdk-py (and MLflow
/// through it) fetches while building every client's config. The SDK reads <c>workspace_id</c>
/// (a string of digits; it later sends it as <c>X-Databricks-Workspace-Id</c> and parses it as an
/// int), and optionally <c>oidc_endpoint</c>, <c>account_id</c>, <c>cloud</c> and
/// <c>token_federation_default_oidc_audiences</c>. This server has no OIDC issuer, no account and
/// no cloud, so it sends only the workspace id: any other answer (a 404 included) makes every
/// client start with a "Failed to automatically resolve config from host metadata" warning.
/// </summary>
/// <param name="WorkspaceId">Decimal digits, as Databricks workspace ids.</param>
public sealed record HostMetadata(string WorkspaceId)
{
    public const string Path = "/.well-known/databricks-config";

    public static HostMetadata For(ServingOptions options) =>
        new(options.WorkspaceId ?? DerivedWorkspaceId(System.IO.Path.GetFullPath(options.DataDir)));

    /// <summary>A 16-digit id from the data folder's path: stable for one installation, different between two.</summary>
    private static string DerivedWorkspaceId(string dataDir)
    {
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes(dataDir));
        var value = BinaryPrimitives.ReadUInt64BigEndian(hash) % 9_000_000_000_000_000UL + 1_000_000_000_000_000UL;
        return value.ToString(CultureInfo.InvariantCulture);
    }
}
