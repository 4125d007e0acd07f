using System.Diagnostics;
using Switchyard.Server.Tests.Registry;
using Switchyard.Testing.Services;

namespace Switchyard.Server.Tests.Replicas;

/// <summary>
/// The real services the tests start (PostgreSQL, Redis, HAProxy) daemonize; a test process killed
/// outright must not leave them running, so a watcher cleans up once the process is gone.
/// </summary>
public sealed class ServiceCleanupTests
{
    [Fact]
    public async Task The_cleanup_runs_once_the_watched_process_is_killed_and_not_before()
    {
        using var folder = new TempFolder();
        var marker = Path.Combine(folder.Path, "cleaned");
        using var watched = Process.Start("sleep", "60");
        ServiceProcess.CleanUpWhenProcessEnds($"touch {marker}", watched.Id);

        await Task.Delay(TimeSpan.FromSeconds(1.5));
        Assert.False(File.Exists(marker), "the cleanup ran while the process was alive");

        watched.Kill();
        var deadline = Stopwatch.StartNew();
        while (!File.Exists(marker) && deadline.Elapsed < TimeSpan.FromSeconds(10))
        {
            await Task.Delay(100);
        }

        Assert.True(File.Exists(marker), "the cleanup did not run within 10 s of the kill");
    }

    [Fact]
    public async Task A_pid_file_cleanup_kills_the_daemon_and_removes_its_folder()
    {
        var folder = Directory.CreateTempSubdirectory("switchyard-cleanup-").FullName;
        using var daemon = Process.Start("sleep", "60");
        await File.WriteAllTextAsync(Path.Combine(folder, "d.pid"), $"{daemon.Id}\n");
        using var watched = Process.Start("sleep", "60");
        ServiceProcess.CleanUpWhenProcessEnds(ServiceProcess.KillByPidFile(folder, "d.pid"), watched.Id);

        watched.Kill();

        Assert.True(daemon.WaitForExit(TimeSpan.FromSeconds(10)), "the daemon outlived the watched process");
        var deadline = Stopwatch.StartNew();
        while (Directory.Exists(folder) && deadline.Elapsed < TimeSpan.FromSeconds(5))
        {
            await Task.Delay(100);
        }

        Assert.False(Directory.Exists(folder));
    }

    [Fact]
    public void A_process_cleanup_kills_only_a_process_whose_command_line_still_matches()
    {
        using var child = Process.Start("sleep", "61");
        using var other = Process.Start("sleep", "62");
        using var watched = Process.Start("sleep", "60");
        ServiceProcess.CleanUpWhenProcessEnds(ServiceProcess.KillIfStillRunning(child.Id, "sleep 61"), watched.Id);
        // The id of "other" with the wrong command line: as if the id had been reused by another process.
        ServiceProcess.CleanUpWhenProcessEnds(ServiceProcess.KillIfStillRunning(other.Id, "sleep 61"), watched.Id);

        watched.Kill();

        Assert.True(child.WaitForExit(TimeSpan.FromSeconds(10)), "the matching process outlived the watched one");
        Assert.False(other.WaitForExit(TimeSpan.FromSeconds(2)), "a process whose command line did not match was killed");
        other.Kill();
    }
}
