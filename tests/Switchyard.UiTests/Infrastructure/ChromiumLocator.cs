namespace Switchyard.UiTests.Infrastructure;

/// <summary>
/// Finds Debian's <c>chromium</c>: on the PATH, else at /usr/bin/chromium. There is no browser
/// download here, so a missing browser fails the tests with what to install, never a silent skip.
/// </summary>
public static class ChromiumLocator
{
    private const string DebianPath = "/usr/bin/chromium";

    public static string Find()
    {
        var path = Environment.GetEnvironmentVariable("PATH") ?? "";
        foreach (var dir in path.Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries))
        {
            var candidate = Path.Combine(dir, "chromium");
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }

        if (File.Exists(DebianPath))
        {
            return DebianPath;
        }

        throw new InvalidOperationException(
            "Chromium was not found: no 'chromium' on the PATH and no " + DebianPath + ". "
            + "The browser tests need Debian's chromium package: apt-get update && apt-get install -y chromium (.ci/run does this).");
    }
}
