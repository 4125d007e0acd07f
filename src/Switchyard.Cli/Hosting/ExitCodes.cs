namespace Switchyard.Cli.Hosting;

/// <summary>
/// The documented exit codes. Scripts branch on them, so a value never changes meaning once
/// published (README "Command line" and <c>--help</c> list them).
/// </summary>
public static class ExitCodes
{
    /// <summary>The command did what it was asked.</summary>
    public const int Ok = 0;

    /// <summary>Anything not listed below: a server error (5xx), an unexpected answer.</summary>
    public const int Other = 1;

    /// <summary>Bad arguments or settings, or a request the server refused as invalid (400).</summary>
    public const int Usage = 2;

    /// <summary>The endpoint, model, scope, token… does not exist (404).</summary>
    public const int NotFound = 3;

    /// <summary>The token is missing, unknown or expired (401), or lacks the permission (403).</summary>
    public const int PermissionDenied = 4;

    /// <summary>It exists already, or an update is in progress (409), or If-Match names another config version (412).</summary>
    public const int Conflict = 5;

    /// <summary>The endpoint update ended UPDATE_FAILED or UPDATE_CANCELED.</summary>
    public const int UpdateFailed = 6;

    /// <summary>The host could not be reached (refused, unresolvable, timed out).</summary>
    public const int Unreachable = 7;

    /// <summary>Waiting for an update took longer than <c>--timeout</c>; the update goes on.</summary>
    public const int WaitTimedOut = 8;

    /// <summary>The exit code of an API error, by HTTP status.</summary>
    public static int OfStatus(int status) => status switch
    {
        400 => Usage,
        401 or 403 => PermissionDenied,
        404 => NotFound,
        409 or 412 => Conflict,
        _ => Other,
    };

    /// <summary>The lines <c>--help</c> and the README show.</summary>
    public const string Description = """
        Exit codes:
          0  success
          1  other error (server error, unexpected answer)
          2  usage error: bad arguments or settings, or the server refused the request as invalid (400)
          3  not found (404)
          4  permission denied or not authenticated (401, 403)
          5  conflict: already exists, or an update is in progress (409), or --if-match names another config version (412)
          6  the endpoint update failed (UPDATE_FAILED or UPDATE_CANCELED)
          7  the host could not be reached
          8  waiting timed out (--timeout); the update goes on
        """;
}
