using System.Text;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Switchyard.Core.Identity;
using Switchyard.Core.Secrets;
using Switchyard.Server.Http;
using Switchyard.Server.Tests.Infrastructure;

namespace Switchyard.Server.Tests.Secrets;

/// <summary>A value goes in and is never seen again: not in answers, logs or files; only the resolver gives it back.</summary>
public sealed class SecretLeakTests
{
    private static readonly SecretReference Reference = new("openai", "api_key");

    [Fact]
    public async Task Value_NeverInAnswersLogsOrFiles_ButResolvesAfterRestart()
    {
        var value = $"sk-live-{Guid.NewGuid():N}";
        var bytesValue = $"raw-{Guid.NewGuid():N}";
        var log = new RecordingLoggerProvider();
        await using var server = await ServerUnderTest.StartAsync(
            services => services.AddSingleton<ILoggerProvider>(log), "--Logging:LogLevel:Default=Trace");
        await server.CreatePrincipalsAsync("readers");
        var secrets = new SecretsClient(server);

        await secrets.OkAsync("scopes/create", new { scope = "openai" });
        await secrets.OkAsync("put", new { scope = "openai", key = "api_key", string_value = value });
        await secrets.OkAsync("put", new { scope = "openai", key = "raw", bytes_value = Convert.ToBase64String(Encoding.UTF8.GetBytes(bytesValue)) });
        await TouchEveryRouteAsync(secrets);
        // Failures are where values slip into messages: a malformed body around the value, and one too large.
        await secrets.PostRawAsync("put", $$"""{"scope":"openai","key":"api_key","string_value":"{{value}}" "x"}""");
        await secrets.PostAsync("put", new { scope = "openai", key = "big", string_value = value + new string('x', 128 * 1024) });
        await secrets.PostAsync("put", new { scope = "nowhere", key = "api_key", string_value = value });

        await server.RestartAsync();
        var resolver = server.Services.GetRequiredService<ISecretResolver>();
        Assert.Equal(value, await resolver.ResolveAsync(Reference, Admin, CancellationToken.None));
        Assert.Equal(bytesValue, await resolver.ResolveAsync(new SecretReference("openai", "raw"), Admin, CancellationToken.None));
        await TouchEveryRouteAsync(secrets);

        foreach (var body in secrets.Bodies)
        {
            AssertAbsent(body, value, bytesValue, "an answer");
        }

        Assert.NotEmpty(log.Lines);
        foreach (var line in log.Lines)
        {
            AssertAbsent(line, value, bytesValue, "the log");
        }

        var files = Directory.GetFiles(server.DataDir, "*", SearchOption.AllDirectories);
        Assert.Contains(files, static f => f.EndsWith(".db", StringComparison.Ordinal));
        foreach (var file in files)
        {
            var bytes = await File.ReadAllBytesAsync(file);
            foreach (var secret in new[] { value, bytesValue })
            {
                Assert.False(bytes.AsSpan().IndexOf(Encoding.UTF8.GetBytes(secret)) >= 0, $"{Path.GetFileName(file)} holds a value in the clear");
                Assert.False(bytes.AsSpan().IndexOf(Encoding.Unicode.GetBytes(secret)) >= 0, $"{Path.GetFileName(file)} holds a value as UTF-16");
                Assert.False(bytes.AsSpan().IndexOf(Encoding.UTF8.GetBytes(Convert.ToBase64String(Encoding.UTF8.GetBytes(secret)))) >= 0,
                    $"{Path.GetFileName(file)} holds a value in base64");
            }
        }
    }

    [Fact]
    public async Task KeyFile_CreatedOwnerOnly_AndKeptAcrossRestarts()
    {
        await using var server = await ServerUnderTest.StartAsync();
        await server.CreatePrincipalsAsync("readers");
        var secrets = new SecretsClient(server);
        var keyFile = Path.Combine(server.DataDir, "secrets.key");
        await secrets.OkAsync("scopes/create", new { scope = "openai" });
        await secrets.OkAsync("put", new { scope = "openai", key = "api_key", string_value = "v1" });

        Assert.Equal(32, new FileInfo(keyFile).Length);
        if (!OperatingSystem.IsWindows())
        {
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(keyFile));
        }

        Assert.Empty(Directory.GetFiles(server.DataDir, "*.tmp"));
        var key = await File.ReadAllBytesAsync(keyFile);
        await server.RestartAsync();
        Assert.Equal(key, await File.ReadAllBytesAsync(keyFile));
        var resolver = server.Services.GetRequiredService<ISecretResolver>();
        Assert.Equal("v1", await resolver.ResolveAsync(Reference, Admin, CancellationToken.None));
    }

    [Fact]
    public async Task KeySetting_UsedInsteadOfAFile()
    {
        var key = Convert.ToBase64String(System.Security.Cryptography.RandomNumberGenerator.GetBytes(32));
        await using var server = await ServerUnderTest.StartAsync($"--Switchyard:SecretsKey={key}");
        await server.CreatePrincipalsAsync("readers");
        var secrets = new SecretsClient(server);
        await secrets.OkAsync("scopes/create", new { scope = "openai" });
        await secrets.OkAsync("put", new { scope = "openai", key = "api_key", string_value = "v1" });

        Assert.False(File.Exists(Path.Combine(server.DataDir, "secrets.key")));
        var resolver = server.Services.GetRequiredService<ISecretResolver>();
        Assert.Equal("v1", await resolver.ResolveAsync(Reference, Admin, CancellationToken.None));
    }

    private static CallerIdentity Admin => new("local-admin", PrincipalKind.User, "admin", "Administrator",
        new HashSet<string> { CallerIdentity.AdminsGroup });

    private static async Task TouchEveryRouteAsync(SecretsClient secrets)
    {
        await secrets.GetOkAsync("scopes/list");
        await secrets.GetOkAsync("list?scope=openai");
        await secrets.OkAsync("acls/put", new { scope = "openai", principal = "readers", permission = "READ" });
        await secrets.GetOkAsync("acls/get?scope=openai&principal=readers");
        await secrets.GetOkAsync("acls/list?scope=openai");
        await secrets.OkAsync("acls/delete", new { scope = "openai", principal = "readers" });
        await secrets.OkAsync("put", new { scope = "openai", key = "other", string_value = "x" });
        await secrets.OkAsync("delete", new { scope = "openai", key = "other" });
        await secrets.OkAsync("scopes/create", new { scope = "scratch" });
        await secrets.OkAsync("scopes/delete", new { scope = "scratch" });
        await secrets.GetAsync("get?scope=openai&key=api_key");
    }

    private static void AssertAbsent(string text, string value, string bytesValue, string where)
    {
        // Not even a part: the random middle of the value stands for any prefix or excerpt.
        Assert.False(text.Contains(value[8..20], StringComparison.Ordinal), $"{where} holds the string value: {text}");
        Assert.False(text.Contains(bytesValue[4..16], StringComparison.Ordinal), $"{where} holds the bytes value: {text}");
        Assert.False(text.Contains(Convert.ToBase64String(Encoding.UTF8.GetBytes(bytesValue)), StringComparison.Ordinal), $"{where} holds the bytes value in base64");
    }
}
