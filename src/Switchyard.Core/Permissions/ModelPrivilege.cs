namespace Switchyard.Core.Permissions;

/// <summary>
/// The privileges a registered model can grant. <c>EXECUTE</c> lets a principal read the model
/// and its versions and serve them from an endpoint; changing the model stays with its owner and
/// admins.
/// </summary>
public static class ModelPrivilege
{
    public const string Execute = "EXECUTE";

    public static bool IsKnown(string privilege) => privilege == Execute;
}
