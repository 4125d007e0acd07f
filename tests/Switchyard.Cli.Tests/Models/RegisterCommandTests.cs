using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Switchyard.Cli.Tests.Infrastructure;

namespace Switchyard.Cli.Tests.Models;

/// <summary>
/// <c>models register</c> creates the registered model when it is missing, as MLflow's
/// register_model does, and says so; an existing model just gets a new version; a caller who may
/// not create the model gets the server's reason.
/// </summary>
public sealed class RegisterCommandTests : CliAgainstServer
{
    private const string Model = "catalog.schema.model-A";

    [Fact]
    public async Task Register_MissingModel_CreatesItAndSaysSo_ThenAddsVersionsToIt()
    {
        var first = await Cli.RunAsync("models", "register", Model, Scenario.SampleModel("model-a"));
        var second = await Cli.RunAsync("models", "register", Model, Scenario.SampleModel("model-a"));

        Assert.True(first.ExitCode == 0, first.ToString());
        Assert.Equal($"Created registered model {Model}.", first.Out.Split('\n')[0].TrimEnd());
        Assert.Contains($"Registered {Model} version 1", first.Out, StringComparison.Ordinal);
        Assert.True(second.ExitCode == 0, second.ToString());
        Assert.DoesNotContain("Created", second.Out + second.Error, StringComparison.Ordinal);
        Assert.Contains($"Registered {Model} version 2", second.Out, StringComparison.Ordinal);
        var model = await ApiAssert.OkJsonAsync(await Server.Client.GetAsync($"/api/2.1/unity-catalog/models/{Model}"));
        Assert.Equal(Model, (string?)model["full_name"]);
    }

    [Fact]
    public async Task Register_MissingModelAsJson_KeepsStdoutTheVersionAndNotesTheCreationOnStderr()
    {
        var result = await Cli.RunAsync("models", "register", Model, Scenario.SampleModel("model-a"), "-o", "json");

        var version = result.Json();
        Assert.Equal(1, (int)version["version"]!);
        Assert.Contains($"Created registered model {Model}.", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Register_MissingModelWithoutCreateModel_FailsNamingThePrivilegeAndCreatesNothing()
    {
        // The schema exists (the admin made a model in it) and the user may use it, but not create models there.
        Assert.Equal(0, (await Cli.RunAsync("models", "create", "catalog.schema.other")).ExitCode);
        var (_, token) = await Server.CreateUserWithTokenAsync("dev2@example.com");
        await GrantAsync("catalog/catalog", "USE_CATALOG");
        await GrantAsync("schema/catalog.schema", "USE_SCHEMA");
        using var dev = new CliRunner().With("DATABRICKS_HOST", Server.Host).With("DATABRICKS_TOKEN", token);

        var result = await dev.RunAsync("models", "register", Model, Scenario.SampleModel("model-a"));

        Assert.Equal(4, result.ExitCode);
        Assert.Contains($"Registered model {Model} does not exist and could not be created: PERMISSION_DENIED", result.Error, StringComparison.Ordinal);
        Assert.Contains("CREATE_MODEL", result.Error, StringComparison.Ordinal);
        Assert.DoesNotContain("Created", result.Out, StringComparison.Ordinal);
        await ApiAssert.ErrorAsync(await Server.Client.GetAsync($"/api/2.1/unity-catalog/models/{Model}"), 404, "RESOURCE_DOES_NOT_EXIST");
    }

    private async Task GrantAsync(string securable, string privilege)
    {
        var body = new JsonObject { ["changes"] = new JsonArray(new JsonObject { ["principal"] = "dev2@example.com", ["add"] = new JsonArray(privilege) }) };
        await ApiAssert.OkJsonAsync(await Server.Client.PatchAsync($"/api/2.1/unity-catalog/permissions/{securable}", JsonContent.Create(body)));
    }
}
