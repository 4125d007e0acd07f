using System.Text;
using Switchyard.Server.Tests.Infrastructure;

namespace Switchyard.Server.Tests.Fuzzing;

/// <summary>
/// The same malformed strings on a custom-model endpoint (the sample model A, whose columns are
/// x1…x4): each reader and binder of a scoring body decodes strings at a different moment, and
/// each must answer 400 naming the field. Also a body nested deeper than can be written back.
/// </summary>
public sealed class MalformedScoringTextTests : IAsyncLifetime
{
    private const string Invocations = "/serving-endpoints/text-check/invocations";

    private ServerUnderTest _server = null!;

    public async Task InitializeAsync()
    {
        _server = await ServerUnderTest.StartAsync();
        await MissionScenario.RegisterAsync(_server, "model-A", Switchyard.Testing.RepoPaths.SampleModel("model-a"));
        await ApiAssert.OkJsonAsync(await _server.PostJsonAsync("/api/2.0/serving-endpoints", """
            {"name": "text-check", "config": {"served_entities": [{"name": "current", "entity_name": "catalog.schema.model-A",
              "entity_version": "1", "workload_size": "Small", "scale_to_zero_enabled": false}]}}
            """));
        await MissionScenario.WaitForUpdateAsync(_server, "text-check");
    }

    public async Task DisposeAsync() => await _server.DisposeAsync();

    [Theory]
    [InlineData("""{"dataframe_split": {"columns": ["x1", "x2", "x3", "\udc00\ud800"], "data": [[1, 2, 3, 4]]}}""", "'dataframe_split.columns[3]'")]
    [InlineData("""{"dataframe_records": [{"x1": 1, "x2": 2, "x3": 3, "x4": 4}, {"x1": 1, "x2": 2, "x3": 3, "\udfff": 4}]}""", "a property name in 'dataframe_records[1]'")]
    [InlineData("""{"inputs": {"\ud800": [[1, 2, 3, 4]]}}""", "a property name in 'inputs'")]
    [InlineData("""{"instances": [{"x1": 1, "x2": 2, "x3": 3, "\ud800": 4}]}""", "a property name in 'instances[0]'")]
    [InlineData("""{"\ud800": 1}""", "a property name of the request body")]
    public async Task Lone_surrogate_in_a_scoring_body_is_a_400_naming_the_field(string body, string where)
    {
        var message = await ApiAssert.ErrorAsync(await _server.PostJsonAsync(Invocations, body), 400, "BAD_REQUEST");
        Assert.StartsWith($"{where} is not well-formed text", message, StringComparison.Ordinal);
    }

    /// <summary>A malformed string where a number belongs is told as the wrong type: the cell is never decoded.</summary>
    [Theory]
    [InlineData("""{"dataframe_records": [{"x1": 1, "x2": "\ud800", "x3": 3, "x4": 4}]}""", "column 'x2' row 0")]
    [InlineData("""{"inputs": [[1, 2, 3, "\udfff"]]}""", "column 'x4' row 0")]
    public async Task Lone_surrogate_where_a_number_belongs_is_a_400_naming_the_cell(string body, string where)
    {
        var message = await ApiAssert.ErrorAsync(await _server.PostJsonAsync(Invocations, body), 400, "BAD_REQUEST");
        Assert.StartsWith($"{where}: expected a number", message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Raw_invalid_utf8_in_a_column_name_is_a_400_naming_the_field()
    {
        byte[] body = [.. """{"dataframe_split": {"columns": ["x1", "x2", "x3", "x"""u8, 0xC3, 0x28, .. "\"], \"data\": [[1, 2, 3, 4]]}}"u8];
        var message = await ApiAssert.ErrorAsync(await _server.PostBytesAsync(Invocations, body, "application/json"), 400, "BAD_REQUEST");
        Assert.StartsWith("'dataframe_split.columns[3]' is not well-formed text", message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_body_nested_past_what_can_be_written_back_is_a_400()
    {
        var deep = new StringBuilder("{\"rate_limits\": ").Append('[', 60).Append(']', 60).Append('}').ToString();
        await ApiAssert.ErrorAsync(await _server.PutJsonAsync("/api/2.0/serving-endpoints/text-check/ai-gateway", deep), 400, "BAD_REQUEST");
    }
}
