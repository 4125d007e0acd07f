using System.Text.Json.Nodes;
using Switchyard.Server.Tests.Infrastructure;

namespace Switchyard.Server.Tests.Gateway.Capture;

/// <summary>
/// <c>POST …/inference-table/query</c>: read-only SQL over the endpoint's own table, by its catalog
/// name or as <c>payload</c>, for managers only; every other file and every writing statement refused.
/// </summary>
public sealed class InferenceTableQueryTests(InferenceTableQueryTests.TableWithRows fixture) : IClassFixture<InferenceTableQueryTests.TableWithRows>
{
    private const string Name = "queried";

    [Fact]
    public async Task The_table_reads_by_its_catalog_name_and_as_payload_with_DuckDB_types()
    {
        var byName = await fixture.Host.SqlAsync(Name, $"SELECT count(*) AS n, min(status_code) AS s FROM main.default.{Name}_payload");
        var byView = await fixture.Host.SqlAsync(Name, "FROM payload SELECT count(*) AS n, min(status_code) AS s");
        var all = await fixture.Host.SqlAsync(Name, "SELECT * FROM payload LIMIT 1");

        Assert.Equal(3, (int)byName["rows"]![0]![0]!);
        Assert.Equal(byName["rows"]!.ToJsonString(), byView["rows"]!.ToJsonString());
        Assert.Equal(("n", "BIGINT"), ((string?)byName["columns"]![0]!["name"], (string?)byName["columns"]![0]!["type"]));
        Assert.Equal(
            ["request_date DATE", "databricks_request_id VARCHAR", "client_request_id VARCHAR", "request_time TIMESTAMP WITH TIME ZONE",
             "status_code INTEGER", "sampling_fraction DOUBLE", "execution_duration_ms BIGINT", "request VARCHAR", "response VARCHAR",
             "logging_error_codes VARCHAR[]", "served_entity_id VARCHAR", "requester VARCHAR"],
            all["columns"]!.AsArray().Select(c => $"{(string?)c!["name"]} {(string?)c["type"]}"));
        Assert.Equal((false, 10_000), ((bool)all["truncated"]!, (int)all["row_limit"]!));
        Assert.Equal($"main.default.{Name}_payload", (string?)all["table"]);
    }

    [Fact]
    public async Task More_rows_than_the_cap_are_cut_and_said_to_be()
    {
        var answer = await fixture.Host.SqlAsync(Name, "SELECT range AS i FROM range(10005)");

        Assert.Equal(10_000, answer["rows"]!.AsArray().Count);
        Assert.True((bool)answer["truncated"]!);
    }

    [Theory]
    [InlineData("SELECT * FROM read_parquet('/etc/passwd')", "disabled by configuration")]
    [InlineData("SELECT * FROM read_csv('/etc/passwd')", "disabled by configuration")]
    [InlineData("SELECT * FROM read_text('{folder}/../../../../../../etc/hostname')", "disabled by configuration")]
    [InlineData("SELECT * FROM glob('/etc/*')", "disabled by configuration")]
    [InlineData("COPY (SELECT * FROM payload) TO '{folder}/stolen.csv'", "other statements (COPY")]
    [InlineData("ATTACH '/tmp/other.db' AS other", "other statements (COPY")]
    [InlineData("CREATE TABLE t AS SELECT 1", "other statements (COPY")]
    [InlineData("SET enable_external_access = true", "other statements (COPY")]
    [InlineData("INSTALL httpfs", "other statements (COPY")]
    [InlineData("SELECT 1; SELECT 2", "exactly one statement")]
    [InlineData("SELEC 1", "syntax error")]
    public async Task Other_files_and_writing_statements_are_refused_naming_the_problem(string sql, string problem)
    {
        var folder = fixture.Host.TableFolder(Name);
        var response = await fixture.Host.Server.PostJsonAsync($"/api/2.0/serving-endpoints/{Name}/inference-table/query",
            new JsonObject { ["sql"] = sql.Replace("{folder}", folder, StringComparison.Ordinal) });

        var message = await ApiAssert.ErrorAsync(response, 400, "INVALID_PARAMETER_VALUE");
        Assert.Contains(problem, message, StringComparison.Ordinal);
        Assert.DoesNotContain(folder, message, StringComparison.Ordinal);
        Assert.False(File.Exists(Path.Combine(folder, "stolen.csv")));
    }

    [Fact]
    public async Task Callers_without_CAN_MANAGE_are_refused()
    {
        var (_, token) = await fixture.Host.Server.CreateUserWithTokenAsync($"querier-{Guid.NewGuid():N}@example.com");

        var response = await fixture.Host.Server.ClientFor(token).PostAsync($"/api/2.0/serving-endpoints/{Name}/inference-table/query",
            new StringContent("""{"sql": "SELECT 1"}"""));

        await ApiAssert.ErrorAsync(response, 403, "PERMISSION_DENIED");
    }

    [Fact]
    public async Task An_endpoint_without_an_inference_table_is_a_400_saying_so()
    {
        var response = await fixture.Host.Server.PostJsonAsync("/api/2.0/serving-endpoints/plain/inference-table/query", """{"sql": "SELECT 1"}""");

        var message = await ApiAssert.ErrorAsync(response, 400, "BAD_REQUEST");
        Assert.Contains("has no inference table yet", message, StringComparison.Ordinal);
    }

    /// <summary>One server with an endpoint whose table holds three rows, and one endpoint without a table.</summary>
    public sealed class TableWithRows : IAsyncLifetime
    {
        public CaptureHost Host { get; private set; } = null!;

        public async Task InitializeAsync()
        {
            Host = await CaptureHost.StartAsync();
            await Host.CreateCustomEndpointAsync(Name, CaptureHost.Gateway(Name));
            await Host.CreateCustomEndpointAsync("plain", []);
            Sent last = null!;
            for (var i = 0; i < 3; i++)
            {
                last = await CaptureHost.QueryAsync(Host.Server.Client, $"/serving-endpoints/{Name}/invocations", MissionScenario.QueryBody);
            }

            await Host.WaitForRowsAsync(Name, 3, last.AnsweredAt);
        }

        public async Task DisposeAsync() => await Host.DisposeAsync();
    }
}
