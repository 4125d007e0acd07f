using System.Text;

namespace Switchyard.Server.Tests.Identity;

public sealed class BootstrapTests
{
    [Fact]
    public async Task FreshStart_WithoutAdminToken_PrintsTokenOnceAndWritesItOwnerOnly()
    {
        await using var server = await ServerUnderTest.StartWithoutAdminTokenAsync();
        using var banner = new StringWriter();
        server.PrintBanner(banner);
        var line = banner.ToString().Split('\n').Single(l => l.StartsWith("Admin token (shown once): ", StringComparison.Ordinal));
        var printed = line["Admin token (shown once): ".Length..].Split(' ')[0];

        var path = Path.Combine(server.DataDir, "admin-token");
        Assert.Equal(printed, File.ReadAllText(path).Trim());
        Assert.Matches("^dapi[0-9a-f]{48}$", printed);
        if (!OperatingSystem.IsWindows())
        {
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(path));
        }

        var me = await ApiAssert.OkJsonAsync(await server.ClientFor(printed).GetAsync("/api/2.0/preview/scim/v2/Me"));
        Assert.Equal("admin", (string?)me["userName"]);
        Assert.Contains(me["groups"]!.AsArray(), g => (string?)g!["display"] == "admins");

        using var again = new StringWriter();
        server.PrintBanner(again);
        Assert.DoesNotContain(printed, again.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task SuppliedAdminToken_IsInstalledAndNotPrinted()
    {
        await using var server = await ServerUnderTest.StartAsync();
        using var banner = new StringWriter();
        server.PrintBanner(banner);
        Assert.DoesNotContain(ServerUnderTest.AdminToken, banner.ToString(), StringComparison.Ordinal);
        Assert.Contains("supplied", banner.ToString(), StringComparison.Ordinal);
        Assert.False(File.Exists(Path.Combine(server.DataDir, "admin-token")));
        await ApiAssert.OkJsonAsync(await server.Client.GetAsync("/api/2.0/preview/scim/v2/Me"));
    }

    [Fact]
    public async Task MalformedAdminToken_StopsTheStart_WithoutEchoingIt()
    {
        const string bad = "dapi-this-is-not-a-token";
        var error = await Assert.ThrowsAnyAsync<Exception>(() => ServerUnderTest.StartWithoutAdminTokenAsync("--admin-token", bad));
        Assert.DoesNotContain(bad, error.ToString(), StringComparison.Ordinal);
        Assert.Contains("AdminToken", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Restart_DoesNotBootstrapAgain()
    {
        await using var server = await ServerUnderTest.StartAsync();
        await server.RestartAsync();
        var tokens = await ApiAssert.OkJsonAsync(await server.Client.GetAsync("/api/2.0/token/list"));
        Assert.Single(tokens["token_infos"]!.AsArray());
        var users = await ApiAssert.OkJsonAsync(await server.Client.GetAsync("/api/2.0/preview/scim/v2/Users"));
        Assert.Equal(1, (int)users["totalResults"]!);
    }

    [Fact]
    public async Task DatabaseFiles_HoldNoPlainToken()
    {
        await using var server = await ServerUnderTest.StartAsync();
        var (_, userToken) = await server.CreateUserWithTokenAsync("erin@example.com");
        var created = await ApiAssert.OkJsonAsync(await server.PostJsonAsync("/api/2.0/token/create", """{"comment":"mine"}"""));
        var ownToken = (string)created["token_value"]!;
        await server.RestartAsync();

        var bytes = Directory.GetFiles(server.DataDir, "switchyard.db*").SelectMany(File.ReadAllBytes).ToArray();
        Assert.NotEmpty(bytes);
        foreach (var token in new[] { ServerUnderTest.AdminToken, userToken, ownToken })
        {
            Assert.Equal(-1, bytes.AsSpan().IndexOf(Encoding.ASCII.GetBytes(token)));
            Assert.Equal(-1, bytes.AsSpan().IndexOf(Encoding.ASCII.GetBytes(token[20..])));
            Assert.Equal(-1, bytes.AsSpan().IndexOf(Convert.FromHexString(token[20..])));
        }
    }
}
