namespace Switchyard.Bench.Driving;

/// <summary>
/// The bootstrap admin's token the bench starts Switchyard with (<c>--admin-token</c>), fixed so
/// that setup calls and wrk can send it: the server checks a token on every request.
/// </summary>
public static class BenchCredentials
{
    public const string AdminToken = "dapi00000000000000be" + "9c4b7e2d1f3a5c6e8b0d2f4a6c8e0b1d";
}
