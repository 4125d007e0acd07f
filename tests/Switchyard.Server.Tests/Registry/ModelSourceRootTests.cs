using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Switchyard.SampleModels;
using Switchyard.Server.Hosting;
using static Switchyard.Server.Tests.Registry.CatalogGrantKit;

namespace Switchyard.Server.Tests.Registry;

/// <summary>
/// <c>--model-source-roots</c>: a non-admin's server-path <c>source</c> must resolve inside a listed
/// folder, the refusal never tells whether a path exists, and admins and uploads are not bound by it.
/// </summary>
public sealed class ModelSourceRootTests
{
    private const string Refusal = "source must lie under one of the folders the server's --model-source-roots lists";

    [Fact]
    public async Task Non_admin_source_must_resolve_inside_a_root_and_refusals_do_not_tell_existence()
    {
        using var top = new TempFolder();
        var root = Directory.CreateDirectory(Path.Combine(top.Path, "models")).FullName;
        var evil = Directory.CreateDirectory(Path.Combine(top.Path, "models-evil")).FullName;
        var outside = Directory.CreateDirectory(Path.Combine(top.Path, "private")).FullName;
        SampleModelLibrary.WriteModelA(Directory.CreateDirectory(Path.Combine(root, "fraud")).FullName);
        SampleModelLibrary.WriteModelA(Directory.CreateDirectory(Path.Combine(evil, "fraud")).FullName);
        SampleModelLibrary.WriteModelA(Directory.CreateDirectory(Path.Combine(outside, "fraud")).FullName);
        Directory.CreateSymbolicLink(Path.Combine(root, "escape"), Path.Combine(outside, "fraud"));
        Directory.CreateSymbolicLink(Path.Combine(root, "inside"), Path.Combine(root, "fraud"));
        await using var server = await ServerUnderTest.StartAsync("--model-source-roots", root);
        var owner = await OwnerOfFraudAsync(server);

        var refusals = new List<string>();
        foreach (var path in new[]
        {
            Path.Combine(outside, "fraud"),                      // exists, outside
            Path.Combine(outside, "no-such-model"),              // missing, outside
            "/no/such/folder/anywhere",                          // missing, nothing near
            Path.Combine(root, "..", "private", "fraud"),        // ".." out of the root
            Path.Combine(root, "escape"),                        // a link in the root leading out
            Path.Combine(root, "escape", "..", "..", "private", "fraud"),
            Path.Combine(evil, "fraud"),                         // a sibling whose name starts like the root
            new Uri(Path.Combine(outside, "fraud")).AbsoluteUri, // the same, as a file:// URI
        })
        {
            refusals.Add(await ApiAssert.ErrorAsync(await FromSourceAsync(owner, path), 403, "PERMISSION_DENIED"));
        }

        Assert.All(refusals, message => Assert.StartsWith(Refusal, message, StringComparison.Ordinal));
        Assert.Single(refusals.Distinct());
        Assert.Empty(RegistryTestKit.StoreFolders(server));

        // Inside the root, directly or through a link that stays inside; a missing path there is named as missing.
        await ApiAssert.OkJsonAsync(await FromSourceAsync(owner, Path.Combine(root, "fraud")));
        await ApiAssert.OkJsonAsync(await FromSourceAsync(owner, Path.Combine(root, "inside")));
        await ApiAssert.OkJsonAsync(await FromSourceAsync(owner, root + "/./fraud/"));
        await ApiAssert.ErrorAsync(await FromSourceAsync(owner, Path.Combine(root, "missing")), 400, "INVALID_PARAMETER_VALUE");

        // Admins name any path; owners may always upload a packed folder.
        await ApiAssert.OkJsonAsync(await RegistryTestKit.FromSourceAsync(server, "main.risk.fraud", Path.Combine(outside, "fraud")));
        var archive = new ByteArrayContent(RegistryTestKit.TarGzOf(Path.Combine(outside, "fraud")));
        archive.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/gzip");
        await ApiAssert.OkJsonAsync(await owner.PostAsync($"{RegistryTestKit.Models}/main.risk.fraud/versions", archive));
    }

    [Fact]
    public async Task Without_roots_no_non_admin_source_path_is_taken()
    {
        using var sample = RegistryTestKit.SampleModel();
        await using var server = await ServerUnderTest.StartAsync();
        var owner = await OwnerOfFraudAsync(server);

        var existing = await ApiAssert.ErrorAsync(await FromSourceAsync(owner, sample.Path), 403, "PERMISSION_DENIED");
        var missing = await ApiAssert.ErrorAsync(await FromSourceAsync(owner, sample.Path + "-gone"), 403, "PERMISSION_DENIED");

        Assert.Equal(existing, missing);
        Assert.StartsWith(Refusal, existing, StringComparison.Ordinal);
        await ApiAssert.OkJsonAsync(await RegistryTestKit.FromSourceAsync(server, "main.risk.fraud", sample.Path));
    }

    [Fact]
    public async Task Roots_come_from_the_flag_repeated_or_path_separated_and_from_indexed_settings()
    {
        await using var server = await ServerUnderTest.StartAsync(
            "--model-source-roots", $"/srv/a{Path.PathSeparator}/srv/b", "--model-source-roots=/srv/c");
        await using var settings = await ServerUnderTest.StartAsync("--Switchyard:ModelSourceRoots:0=/srv/d");

        Assert.Equal(["/srv/a", "/srv/b", "/srv/c"], server.Services.GetRequiredService<IOptions<ServingOptions>>().Value.ModelSourceRoots);
        Assert.Equal(["/srv/d"], settings.Services.GetRequiredService<IOptions<ServingOptions>>().Value.ModelSourceRoots);
    }

    [Fact]
    public async Task A_relative_root_stops_the_start()
    {
        using var data = new TempFolder();
        await using var app = SwitchyardHost.Build(["--urls", "http://127.0.0.1:0", "--data-dir", data.Path, "--model-source-roots", "models"]);

        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => app.StartAsync());
        Assert.Contains("'models' is not", error.Message, StringComparison.Ordinal);
    }

    /// <summary>A user owning main.risk.fraud with the catalog and schema privileges to add versions to it.</summary>
    private static async Task<HttpClient> OwnerOfFraudAsync(ServerUnderTest server)
    {
        var (_, token) = await server.CreateUserWithTokenAsync("owner@example.com");
        var owner = server.ClientFor(token);
        await RegistryTestKit.CreateModelAsync(server, "main", "risk", "placeholder");
        await GrantAsync(server.Client, "catalog", "main", "owner@example.com", "USE_CATALOG");
        await GrantAsync(server.Client, "schema", "main.risk", "owner@example.com", "USE_SCHEMA", "CREATE_MODEL");
        await ApiAssert.OkJsonAsync(await CreateModelAsync(owner, "main", "risk", "fraud"));
        return owner;
    }

    private static Task<HttpResponseMessage> FromSourceAsync(HttpClient client, string source) =>
        client.PostAsync($"{RegistryTestKit.Models}/main.risk.fraud/versions", Json(new System.Text.Json.Nodes.JsonObject { ["source"] = source }));
}
