namespace Switchyard.Server.Http;

/// <summary>
/// Who is calling. Until tokens and principals exist (the auth issue), every caller acts as the
/// local administrator; this is the one place that changes when they do.
/// </summary>
public static class Caller
{
    public const string LocalAdmin = "admin@localhost";

    public static string NameOf(HttpContext context) => LocalAdmin;
}
