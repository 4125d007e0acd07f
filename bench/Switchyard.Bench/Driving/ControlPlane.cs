using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;

namespace Switchyard.Bench.Driving;

/// <summary>
/// Sets Switchyard up over its public API as a user would: register the model and a version
/// from a folder, create an endpoint (one custom entity, or any config), poll until its config
/// update settles, set its AI Gateway.
/// </summary>
public sealed class ControlPlane(HttpClient client)
{
    public async Task WaitHealthyAsync(TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            try
            {
                using var answer = await client.GetAsync("/api/2.0/serving-endpoints");
                if (answer.IsSuccessStatusCode)
                {
                    return;
                }
            }
            catch (HttpRequestException) when (DateTime.UtcNow < deadline)
            {
                // Not listening yet.
            }

            if (DateTime.UtcNow >= deadline)
            {
                throw new TimeoutException("Switchyard did not come up");
            }

            await Task.Delay(100);
        }
    }

    public async Task DeployAsync(string endpointName, string modelName, string sourceFolder)
    {
        var version = await RegisterAsync(modelName, sourceFolder);
        await ServeAsync(endpointName, modelName, version);
    }

    /// <summary>
    /// Creates an endpoint serving one registered version of <c>catalog.schema.{modelName}</c>
    /// (Small, never scaled to zero), so several endpoints can serve the same version. The served
    /// entity is named <paramref name="servedName"/>, or after the endpoint.
    /// </summary>
    public async Task ServeAsync(string endpointName, string modelName, string version, string? servedName = null, JsonObject? batching = null)
    {
        var entity = new JsonObject
        {
            ["name"] = servedName ?? endpointName,
            ["entity_name"] = $"catalog.schema.{modelName}",
            ["entity_version"] = version,
            ["workload_size"] = "Small",
            ["scale_to_zero_enabled"] = false,
        };
        if (batching is not null)
        {
            entity["dynamic_batching"] = batching;
        }

        await CreateEndpointAsync(endpointName, new JsonObject { ["served_entities"] = new JsonArray(entity) });
    }

    /// <summary><c>PUT …/{name}/ai-gateway</c>; answers what the server stored (a refusal throws with its message).</summary>
    public async Task<JsonNode> UpdateAiGatewayAsync(string endpointName, JsonObject gateway) =>
        await SendAsync(HttpMethod.Put, $"/api/2.0/serving-endpoints/{endpointName}/ai-gateway", gateway);

    /// <summary>Registers <c>catalog.schema.{modelName}</c> and a version from a folder or file; answers the version.</summary>
    public async Task<string> RegisterAsync(string modelName, string source)
    {
        await PostAsync("/api/2.1/unity-catalog/models",
            new JsonObject { ["catalog_name"] = "catalog", ["schema_name"] = "schema", ["name"] = modelName });
        var version = await PostAsync($"/api/2.1/unity-catalog/models/catalog.schema.{modelName}/versions",
            new JsonObject { ["source"] = source });
        return version["version"]!.ToString();
    }

    /// <summary>Creates an endpoint with the given config and waits until its update settles READY.</summary>
    public async Task CreateEndpointAsync(string endpointName, JsonObject config)
    {
        await PostAsync("/api/2.0/serving-endpoints", new JsonObject { ["name"] = endpointName, ["config"] = config });

        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(120);
        while (true)
        {
            using var answer = await client.GetAsync($"/api/2.0/serving-endpoints/{endpointName}");
            var endpoint = JsonNode.Parse(await answer.Content.ReadAsStringAsync())!;
            var update = (string?)endpoint["state"]?["config_update"];
            var ready = (string?)endpoint["state"]?["ready"];
            if (update != "IN_PROGRESS")
            {
                if (ready != "READY")
                {
                    throw new InvalidOperationException($"endpoint {endpointName} did not become ready: {endpoint.ToJsonString()}");
                }

                return;
            }

            if (DateTime.UtcNow >= deadline)
            {
                throw new TimeoutException($"endpoint {endpointName} still updating");
            }

            await Task.Delay(50);
        }
    }

    /// <summary>One scoring call; its answer bytes become the floor's fixed answer.</summary>
    public async Task<byte[]> InvokeAsync(string endpointName, string body)
    {
        using var content = new StringContent(body, Encoding.UTF8);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        using var answer = await client.PostAsync($"/serving-endpoints/{endpointName}/invocations", content);
        var bytes = await answer.Content.ReadAsByteArrayAsync();
        if (!answer.IsSuccessStatusCode)
        {
            throw new InvalidOperationException($"{endpointName} answered {(int)answer.StatusCode}: {Encoding.UTF8.GetString(bytes)}");
        }

        return bytes;
    }

    /// <summary>A GET of the API that must succeed; answers its body as text (JSON or, for metrics, Prometheus text).</summary>
    public async Task<string> GetTextAsync(string path)
    {
        using var answer = await client.GetAsync(path);
        var text = await answer.Content.ReadAsStringAsync();
        if (!answer.IsSuccessStatusCode)
        {
            throw new InvalidOperationException($"GET {path} answered {(int)answer.StatusCode}: {text}");
        }

        return text;
    }

    private Task<JsonNode> PostAsync(string path, JsonObject body) => SendAsync(HttpMethod.Post, path, body);

    private async Task<JsonNode> SendAsync(HttpMethod method, string path, JsonObject body)
    {
        using var content = new StringContent(body.ToJsonString(), Encoding.UTF8);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        using var request = new HttpRequestMessage(method, path) { Content = content };
        using var answer = await client.SendAsync(request);
        var text = await answer.Content.ReadAsStringAsync();
        if (!answer.IsSuccessStatusCode)
        {
            throw new InvalidOperationException($"{method} {path} answered {(int)answer.StatusCode}: {text}");
        }

        return JsonNode.Parse(text)!;
    }
}
