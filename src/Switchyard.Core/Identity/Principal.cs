namespace Switchyard.Core.Identity;

/// <summary>
/// A user or a service principal as the identity store keeps it. <see cref="Name"/> is the user
/// name of a user and the application id (a UUID string) of a service principal; it is unique
/// within its kind.
/// </summary>
public sealed record Principal(string Id, PrincipalKind Kind, string Name, string DisplayName, bool Active);
