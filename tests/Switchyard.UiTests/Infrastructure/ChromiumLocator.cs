namespace Switchyard.UiTests.Infrastructure;

/// <summary>
/// Finds Debian's <c>chromium</c>: on the PATH, else at /usr/bin/chromium. There is no browser
/// download here, so a missing browser fails the tests with what to install, never a silent skip.
/// </summary>
public static class ChromiumLocator
{
    private const string DebianPath = "/usr/bin/chromium";

    public static string Find() => Find(Environment.GetEnvironmentVariable("PATH") ?? "", DebianPath);

    /// <summary>The search itself, over a given PATH value and fallback, so the failure can be tested.</summary>
    public static string Find(string path, string fallback)
    {
        foreach (var dir in path.Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries))
        {
            var candidate = Path.Combine(dir, "chromium");
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }

        if (File.Exists(fallback))
        {
            return fallback;
        }

        throw new InvalidOperationException(
            "Chromium was not found: no 'chromium' on the PATH and no " + fallback + ". "
            + "The browser tests need Debian's chromium package: apt-get update && apt-get install -y chromium (.ci/run does this).");
    }
}
