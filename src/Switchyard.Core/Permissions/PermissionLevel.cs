namespace Switchyard.Core.Permissions;

/// <summary>Levels on a serving endpoint, each including the ones below it.</summary>
public enum PermissionLevel
{
    None = 0,
    CanView = 1,
    CanQuery = 2,
    CanManage = 3,
}

/// <summary>The wire spelling of each <see cref="PermissionLevel"/>.</summary>
public static class PermissionLevelNames
{
    public static string ToWire(this PermissionLevel level) => level switch
    {
        PermissionLevel.CanView => "CAN_VIEW",
        PermissionLevel.CanQuery => "CAN_QUERY",
        PermissionLevel.CanManage => "CAN_MANAGE",
        _ => "NONE",
    };

    public static bool TryParse(string? wire, out PermissionLevel level)
    {
        level = wire switch
        {
            "CAN_VIEW" => PermissionLevel.CanView,
            "CAN_QUERY" => PermissionLevel.CanQuery,
            "CAN_MANAGE" => PermissionLevel.CanManage,
            _ => PermissionLevel.None,
        };
        return level != PermissionLevel.None;
    }
}
