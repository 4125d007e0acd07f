using Switchyard.UiTests.Infrastructure;

namespace Switchyard.UiTests;

/// <summary>Without a browser the UI tests fail saying what to install; they never skip.</summary>
public sealed class ChromiumLocatorTests
{
    [Fact]
    public void NoChromiumAnywhere_FailsNamingThePackage()
    {
        var nowhere = Path.Combine(Path.GetTempPath(), "switchyard-no-chromium-" + Guid.NewGuid().ToString("N"));

        var error = Assert.Throws<InvalidOperationException>(() => ChromiumLocator.Find(nowhere, Path.Combine(nowhere, "chromium")));

        Assert.Contains("Chromium was not found", error.Message, StringComparison.Ordinal);
        Assert.Contains("apt-get install -y chromium", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ChromiumOnThePath_IsFound()
    {
        var dir = Directory.CreateTempSubdirectory("switchyard-path-").FullName;
        try
        {
            var fake = Path.Combine(dir, "chromium");
            File.WriteAllText(fake, "");
            Assert.Equal(fake, ChromiumLocator.Find(dir, "/nonexistent/chromium"));
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }
}
