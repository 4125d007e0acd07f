using System.Text.Json.Nodes;
using Switchyard.Cli.Hosting;

namespace Switchyard.Cli.Tests.Infrastructure;

/// <summary>What one run of the program left behind.</summary>
public sealed record CliResult(int ExitCode, string Out, string Error)
{
    public JsonObject Json()
    {
        Assert.True(ExitCode == 0, $"exit {ExitCode}: {Error}");
        return JsonNode.Parse(Out)!.AsObject();
    }

    public override string ToString() => $"exit {ExitCode}\nstdout: {Out}\nstderr: {Error}";
}

/// <summary>
/// Runs the real program in-process through <see cref="CliApp.RunAsync"/> with its own stdin,
/// stdout, stderr, environment variables and home folder, so nothing leaks from the machine's
/// own Databricks setup into a test.
/// </summary>
public sealed class CliRunner : IDisposable
{
    private readonly Dictionary<string, string> _variables = new(StringComparer.Ordinal);

    public CliRunner()
    {
        Directory.CreateDirectory(Home);
    }

    public string Home { get; } = Path.Combine(Path.GetTempPath(), "switchyard-cli-home", Guid.NewGuid().ToString("N"));

    /// <summary>A runner whose environment points at <paramref name="server"/> as the admin.</summary>
    public static CliRunner For(ServerUnderTest server) =>
        new CliRunner().With("DATABRICKS_HOST", server.Host).With("DATABRICKS_TOKEN", ServerUnderTest.AdminToken);

    public CliRunner With(string variable, string value)
    {
        _variables[variable] = value;
        return this;
    }

    public async Task<CliResult> RunWithInputAsync(string stdin, params string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        using var input = new StringReader(stdin);
        var environment = new CliEnvironment(input, output, error, name => _variables.GetValueOrDefault(name), Home, TimeProvider.System)
        {
            PollInterval = TimeSpan.FromMilliseconds(20),
        };
        var exitCode = await CliApp.RunAsync(args, environment);
        return new CliResult(exitCode, output.ToString(), error.ToString());
    }

    public Task<CliResult> RunAsync(params string[] args) => RunWithInputAsync("", args);

    public void Dispose()
    {
        try
        {
            Directory.Delete(Home, recursive: true);
        }
        catch (IOException)
        {
            // A leftover temp folder is harmless.
        }
    }
}
