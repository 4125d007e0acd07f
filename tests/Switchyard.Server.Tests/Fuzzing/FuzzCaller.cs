namespace Switchyard.Server.Tests.Fuzzing;

/// <summary>Who sends a fuzz case: mostly the admin, so cases reach the handlers.</summary>
internal enum FuzzCaller
{
    Admin,

    /// <summary>A user with a token and no grant on anything.</summary>
    NoGrantUser,

    /// <summary>No Authorization header.</summary>
    Anonymous,

    /// <summary>An Authorization header that is not a token.</summary>
    JunkCredentials,
}
