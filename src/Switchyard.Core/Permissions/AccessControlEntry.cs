namespace Switchyard.Core.Permissions;

/// <summary>One direct grant on an endpoint: a principal and its level.</summary>
public sealed record AccessControlEntry(AclPrincipalType PrincipalType, string PrincipalName, PermissionLevel Level);
