namespace Switchyard.Core.Secrets;

/// <summary>A secret scope: a named set of secrets sharing one ACL.</summary>
public sealed record SecretScope(string Name, string Creator, long CreatedAt);
