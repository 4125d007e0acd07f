namespace Switchyard.Core.Secrets;

/// <summary>The wire spelling of each <see cref="SecretPermission"/>: <c>READ</c>, <c>WRITE</c>, <c>MANAGE</c>.</summary>
public static class SecretPermissionNames
{
    public static string ToWire(this SecretPermission permission) => permission switch
    {
        SecretPermission.Read => "READ",
        SecretPermission.Write => "WRITE",
        SecretPermission.Manage => "MANAGE",
        _ => throw new ArgumentOutOfRangeException(nameof(permission), permission, "No wire name for an absent permission."),
    };

    /// <summary>Reads a grantable level; false for anything else (including an absent one).</summary>
    public static bool TryParse(string? text, out SecretPermission permission)
    {
        permission = text switch
        {
            "READ" => SecretPermission.Read,
            "WRITE" => SecretPermission.Write,
            "MANAGE" => SecretPermission.Manage,
            _ => SecretPermission.None,
        };
        return permission != SecretPermission.None;
    }
}
