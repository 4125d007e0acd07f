namespace Switchyard.Core.Secrets;

/// <summary>
/// One grant on a scope. <see cref="Principal"/> is a user name, a group name or a service
/// principal's application id: the names <see cref="Identity.CallerIdentity"/> carries.
/// </summary>
public sealed record SecretAclEntry(string Principal, SecretPermission Permission);
