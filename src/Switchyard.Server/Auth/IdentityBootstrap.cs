using Microsoft.Extensions.Options;
using Switchyard.Core.Identity;
using Switchyard.Server.Hosting;
using Switchyard.Server.Identity;

namespace Switchyard.Server.Auth;

/// <summary>
/// On the first start (no token in the identity store) creates user <c>admin</c>, the <c>admins</c>
/// group holding it, and a never-expiring token: the operator's <c>--admin-token</c> when given,
/// otherwise a fresh one written to <c>&lt;data&gt;/admin-token</c> (owner-only) and shown once in
/// the banner. It runs in the host's Starting phase, before the server accepts requests.
/// </summary>
internal sealed partial class IdentityBootstrap(
    IIdentityStore store, TokenIssuer issuer, IOptions<ServingOptions> options, AdminTokenNotice notice, ILogger<IdentityBootstrap> logger)
    : IHostedLifecycleService
{
    public const string AdminUserName = "admin";
    public const string TokenFileName = "admin-token";

    private const UnixFileMode OwnerOnly = UnixFileMode.UserRead | UnixFileMode.UserWrite;

    public async Task StartingAsync(CancellationToken cancellationToken)
    {
        var supplied = options.Value.AdminToken;
        if (supplied is not null && !TokenFormat.TryParse(supplied, out _, out _))
        {
            // The value itself stays out of the message: it may be a real secret with a typo.
            throw new OptionsValidationException(ServingOptions.Section, typeof(ServingOptions),
                ["Switchyard:AdminToken must be 'dapi' followed by 48 lower-case hex digits."]);
        }

        // Bootstrapping is done once a token exists. Each step below is skipped when an earlier,
        // interrupted start already took it, so a crash midway never leaves a server nobody can enter.
        if ((await store.ListTokensAsync(null, cancellationToken)).Count > 0)
        {
            return;
        }

        var admin = await store.FindPrincipalAsync(PrincipalKind.User, AdminUserName, cancellationToken)
            ?? await store.CreatePrincipalAsync(PrincipalKind.User, AdminUserName, "Administrator", active: true, cancellationToken);
        var admins = (await store.ListGroupsAsync(cancellationToken)).FirstOrDefault(g => g.DisplayName == CallerIdentity.AdminsGroup);
        if (admins is null)
        {
            await store.CreateGroupAsync(CallerIdentity.AdminsGroup, [admin.Id], cancellationToken);
        }
        else if (!admins.MemberIds.Contains(admin.Id))
        {
            await store.AddMembersAsync(admins.Id, [admin.Id], cancellationToken);
        }
        if (supplied is not null)
        {
            await issuer.InstallAsync(admin.Id, supplied, "bootstrap", cancellationToken);
            notice.Post("Admin token: the one supplied by Switchyard:AdminToken was installed.");
            Log.Bootstrapped(logger, "supplied");
            return;
        }

        var (value, _) = await issuer.IssueAsync(admin.Id, admin.Id, null, "bootstrap", cancellationToken);
        var path = Path.Combine(options.Value.DataDir, TokenFileName);
        await WriteOwnerOnlyAsync(path, value, cancellationToken);
        notice.Post($"Admin token (shown once): {value}  (also in {Path.GetFullPath(path)}, readable by its owner only)",
            $"A bootstrap admin token was generated and written to {Path.GetFullPath(path)} (readable by its owner only)");
        Log.Bootstrapped(logger, "generated");
    }

    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StartedAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StoppingAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StoppedAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    private static async Task WriteOwnerOnlyAsync(string path, string value, CancellationToken ct)
    {
        // A stale file from an earlier data folder may have any mode; a new file gets 0600 at
        // creation, so the token is never readable by others, not even for an instant.
        File.Delete(path);
        var fileOptions = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write, Share = FileShare.None };
        if (!OperatingSystem.IsWindows())
        {
            fileOptions.UnixCreateMode = OwnerOnly;
        }

        await using (var stream = new FileStream(path, fileOptions))
        await using (var writer = new StreamWriter(stream))
        {
            await writer.WriteLineAsync(value.AsMemory(), ct);
        }

        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(path, OwnerOnly);
        }
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 20, Level = LogLevel.Information, Message = "Identity store bootstrapped: user admin, group admins, {Source} admin token")]
        public static partial void Bootstrapped(ILogger logger, string source);
    }
}
