using System.Diagnostics;
using System.Text;
using Switchyard.Core.Telemetry;
using Switchyard.Server.Tests.ExternalModels;
using Switchyard.Server.Tests.Infrastructure;

namespace Switchyard.Server.Tests.Telemetry;

/// <summary>
/// A client's W3C trace carries on through the server: the ASP.NET Core span is the child of the
/// client's, the data plane's steps and the provider call are spans of the same trace, tagged with
/// the endpoint, served entity and status, and never with the body, the caller's token or a key.
/// </summary>
[Collection(ProcessWideListeners.Name)]
public sealed class DataPlaneTraceTests
{
    private static readonly string[] PipelineSteps = ["ResolveEndpoint", "Capture", "Authorize", "ChooseEntity", "ReadBody", "Limit", "InvokeDriver"];

    [Fact]
    public async Task ATraceparentFromTheClient_IsTheParentOfTheServerSpan_AndEveryStepSpanIsInItsTrace()
    {
        using var spans = new SpanRecorder();
        await using var server = await ServerUnderTest.StartAsync();
        await server.RegisterSampleModelsAsync();
        await ApiAssert.OkJsonAsync(await server.PostJsonAsync("/api/2.0/serving-endpoints", """
            {"name": "traced", "config": {"served_entities": [{"entity_name": "catalog.schema.model-A", "entity_version": "1", "workload_size": "Small", "scale_to_zero_enabled": false}]}}
            """));
        await server.WaitUntilReadyAsync("traced");

        var answer = await SendTracedAsync(server.Client, "/serving-endpoints/traced/invocations", MissionScenario.QueryBody, spans);
        await ApiAssert.OkJsonAsync(answer);
        // Spans end inside out, the server's last (possibly after the answer reached the client): once it has, the trace is whole.
        var trace = await spans.WaitForAsync("Microsoft.AspNetCore.Hosting.HttpRequestIn");

        var serverSpan = Assert.Single(trace, span => span.Source.Name == "Microsoft.AspNetCore");
        Assert.Equal(spans.CallerSpanId, serverSpan.ParentSpanId);
        foreach (var step in PipelineSteps)
        {
            var span = Assert.Single(trace, span => span.Source.Name == SwitchyardTelemetry.Name && span.DisplayName == step);
            Assert.Equal("traced", span.GetTagItem(SwitchyardTelemetry.EndpointTag));
            Assert.Equal("model-A-1", span.GetTagItem(SwitchyardTelemetry.ServedEntityTag));
            Assert.Equal(200, span.GetTagItem(SwitchyardTelemetry.StatusCodeTag));
        }

        // The first step hangs under the server span; each later one under the step before it.
        var first = trace.Single(span => span.DisplayName == "ResolveEndpoint");
        Assert.Equal(serverSpan.SpanId, first.ParentSpanId);
        AssertNoTagHolds(trace, MissionScenario.QueryBody, "dataframe_split", ServerUnderTest.AdminToken);
    }

    [Fact]
    public async Task ARefusedQuery_EndsItsSpansWithTheErrorCodeAndStatus()
    {
        using var spans = new SpanRecorder();
        await using var server = await ServerUnderTest.StartAsync();

        var answer = await SendTracedAsync(server.Client, "/serving-endpoints/no-such-endpoint/invocations", MissionScenario.QueryBody, spans);
        await ApiAssert.ErrorAsync(answer, 404, "ENDPOINT_NOT_FOUND");
        var trace = await spans.WaitForAsync("ResolveEndpoint");

        var resolve = trace.Single(span => span.DisplayName == "ResolveEndpoint");
        Assert.Equal(404, resolve.GetTagItem(SwitchyardTelemetry.StatusCodeTag));
        Assert.Equal("ENDPOINT_NOT_FOUND", resolve.GetTagItem(SwitchyardTelemetry.ErrorCodeTag));
        Assert.Equal(ActivityStatusCode.Error, resolve.Status);
        // A name the caller merely sent is no label: anyone could mint new ones.
        Assert.Null(resolve.GetTagItem(SwitchyardTelemetry.EndpointTag));
        Assert.DoesNotContain(trace, span => span.DisplayName == "Authorize");
    }

    [Fact]
    public async Task AnExternalModelQuery_HasAProviderCallSpan_WithProviderModelAndStatus_AndNoKey()
    {
        using var spans = new SpanRecorder();
        await using var host = await ExternalModelHost.StartAsync();
        await host.CreateMissionEndpointAsync();

        var answer = await SendTracedAsync(host.Server.Client, "/serving-endpoints/mix-chat-endpoint/invocations", ExternalModelHost.ChatQuery, spans);
        await ApiAssert.OkJsonAsync(answer);
        // Spans end inside out, the server's last (possibly after the answer reached the client): once it has, the trace is whole.
        var trace = await spans.WaitForAsync("Microsoft.AspNetCore.Hosting.HttpRequestIn");

        var call = Assert.Single(trace, span => span.DisplayName == "ProviderCall");
        var provider = (string?)call.GetTagItem("provider");
        Assert.Contains(provider, new[] { "openai", "anthropic" });
        Assert.Equal(provider == "openai" ? "gpt-4" : "claude-3-opus-20240229", call.GetTagItem("model"));
        Assert.Equal(200, call.GetTagItem(SwitchyardTelemetry.StatusCodeTag));
        // The provider call happens inside the driver's step.
        var invoke = trace.Single(span => span.DisplayName == "InvokeDriver");
        Assert.Equal(invoke.SpanId, call.ParentSpanId);
        Assert.Equal(provider == "openai" ? "served_model_name_1" : "served_model_name_2", invoke.GetTagItem(SwitchyardTelemetry.ServedEntityTag));
        AssertNoTagHolds(trace, ExternalModelHost.ChatQuery, "Say hello", "Be brief", ServerUnderTest.AdminToken, host.OpenAi.ApiKey, host.Anthropic.ApiKey);
    }

    private static Task<HttpResponseMessage> SendTracedAsync(HttpClient client, string path, string body, SpanRecorder spans)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = new StringContent(body, Encoding.UTF8, "application/json") };
        request.Headers.Add("traceparent", spans.TraceParent);
        return client.SendAsync(request);
    }

    /// <summary>No tag of any span, and no span name, contains any of <paramref name="secrets"/>.</summary>
    private static void AssertNoTagHolds(IReadOnlyList<Activity> trace, params string[] secrets)
    {
        foreach (var span in trace)
        {
            foreach (var secret in secrets)
            {
                Assert.DoesNotContain(secret, span.DisplayName, StringComparison.Ordinal);
                foreach (var (key, value) in span.EnumerateTagObjects())
                {
                    var text = Convert.ToString(value, System.Globalization.CultureInfo.InvariantCulture) ?? "";
                    Assert.False(text.Contains(secret, StringComparison.Ordinal) || key.Contains(secret, StringComparison.Ordinal),
                        $"span {span.DisplayName} tag {key} holds a secret or payload: {text}");
                }
            }
        }
    }
}
