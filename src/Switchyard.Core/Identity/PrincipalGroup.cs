namespace Switchyard.Core.Identity;

/// <summary>A named group of principals; its members are principal ids.</summary>
public sealed record PrincipalGroup(string Id, string DisplayName, IReadOnlyList<string> MemberIds);
