using System.Globalization;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Switchyard.Core.Endpoints;
using Switchyard.Core.Llm;
using Switchyard.Core.Runtimes;

namespace Switchyard.Server.Endpoints.OpenApi;

/// <summary>
/// The OpenAPI 3.0 document of one endpoint's invocation API: <c>/serving-endpoints/{name}/invocations</c>
/// (any of the entities' requests, as the traffic split picks one) and
/// <c>/serving-endpoints/{name}/served-models/{served}/invocations</c> per served entity, with
/// request and answer schemas from each custom model's signature or each LLM entity's task.
/// </summary>
internal static partial class InvocationApiDocument
{
    private const string ErrorSchema = "error";

    /// <param name="signatures">Each custom-model entity's signature by served name; missing when its version is gone.</param>
    /// <param name="tasks">The LLM tasks of each entity by served name (none for a custom model), as its driver says.</param>
    public static JsonObject Build(
        string endpointName, EndpointConfig config, IReadOnlyDictionary<string, ModelSignature> signatures,
        IReadOnlyDictionary<string, IReadOnlyList<LlmTask>> tasks, string serverUrl)
    {
        var components = new JsonObject
        {
            [ErrorSchema] = Schemas.Object(new JsonObject
            {
                ["error_code"] = Schemas.Typed("string"),
                ["message"] = Schemas.Typed("string"),
            }, required: ["error_code", "message"]),
        };
        var paths = new JsonObject();
        var allRequests = new List<string>();
        var allResponses = new List<string>();
        var perEntity = new List<(ServedEntityConfig Entity, List<string> Requests, List<string> Responses)>();
        foreach (var entity in config.ServedEntities)
        {
            var (requests, responses) = AddEntity(components, entity, signatures.GetValueOrDefault(entity.Name), tasks.GetValueOrDefault(entity.Name) ?? []);
            perEntity.Add((entity, requests, responses));
            allRequests.AddRange(requests.Where(r => !allRequests.Contains(r)));
            allResponses.AddRange(responses.Where(r => !allResponses.Contains(r)));
        }

        paths[$"/serving-endpoints/{endpointName}/invocations"] = Operation(
            "query", $"Query endpoint {endpointName}; its traffic split picks the served entity that answers.", allRequests, allResponses);
        foreach (var (entity, requests, responses) in perEntity)
        {
            paths[$"/serving-endpoints/{endpointName}/served-models/{entity.Name}/invocations"] = Operation(
                $"query_{Component(entity.Name)}", $"Query served entity {entity.Name} only, whatever the traffic split.", requests, responses);
        }

        return new JsonObject
        {
            ["openapi"] = "3.0.3",
            ["info"] = new JsonObject
            {
                ["title"] = $"Serving endpoint {endpointName}",
                ["description"] = "The invocation API of this endpoint: what each served entity accepts and answers.",
                ["version"] = config.ConfigVersion.ToString(CultureInfo.InvariantCulture),
            },
            ["servers"] = new JsonArray(new JsonObject { ["url"] = serverUrl }),
            ["security"] = new JsonArray(new JsonObject { ["bearer"] = new JsonArray() }),
            ["paths"] = paths,
            ["components"] = new JsonObject
            {
                ["schemas"] = components,
                ["securitySchemes"] = new JsonObject
                {
                    ["bearer"] = new JsonObject
                    {
                        ["type"] = "http",
                        ["scheme"] = "bearer",
                        ["description"] = "A personal access token (dapi…).",
                    },
                },
            },
        };
    }

    /// <summary>Adds one entity's schemas; answers the component names of its requests and answers.</summary>
    private static (List<string> Requests, List<string> Responses) AddEntity(
        JsonObject components, ServedEntityConfig entity, ModelSignature? signature, IReadOnlyList<LlmTask> tasks)
    {
        if (tasks.Count > 0)
        {
            foreach (var task in tasks)
            {
                LlmSchemas.AddTo(components, task);
            }

            return ([.. tasks.Select(LlmSchemas.RequestName)], [.. tasks.Select(LlmSchemas.ResponseName)]);
        }

        var prefix = Component(entity.Name);
        signature ??= new ModelSignature([], []);
        var formats = new JsonArray();
        foreach (var format in SignatureSchemas.Formats)
        {
            components[$"{prefix}.{format}"] = SignatureSchemas.Request(signature, format);
            formats.Add(Schemas.Ref($"{prefix}.{format}"));
        }

        components[$"{prefix}.request"] = new JsonObject
        {
            ["description"] = $"A scoring request for {entity.EntityName} version {entity.ResolvedVersion}, in one of the four MLflow input formats.",
            ["oneOf"] = formats,
        };
        components[$"{prefix}.response"] = SignatureSchemas.Response(signature);
        return ([$"{prefix}.request"], [$"{prefix}.response"]);
    }

    private static JsonObject Operation(string operationId, string summary, IReadOnlyList<string> requests, IReadOnlyList<string> responses) => new()
    {
        ["post"] = new JsonObject
        {
            ["operationId"] = operationId,
            ["summary"] = summary,
            ["requestBody"] = new JsonObject
            {
                ["required"] = true,
                ["content"] = new JsonObject { ["application/json"] = new JsonObject { ["schema"] = Schemas.OneOfRefs(requests) } },
            },
            ["responses"] = new JsonObject
            {
                ["200"] = new JsonObject
                {
                    ["description"] = "The answer; the served-model-name header names the entity that gave it.",
                    ["headers"] = new JsonObject
                    {
                        ["served-model-name"] = new JsonObject { ["schema"] = Schemas.Typed("string") },
                        ["x-config-version"] = new JsonObject { ["schema"] = Schemas.Typed("string"), ["description"] = "The config version that chose the entity." },
                        ["x-assignment-bucket"] = new JsonObject
                        {
                            ["schema"] = Schemas.Typed("string"),
                            ["description"] = "On a sticky endpoint, the unit key's bucket (0-9999); absent when no key was sent.",
                        },
                    },
                    ["content"] = new JsonObject { ["application/json"] = new JsonObject { ["schema"] = Schemas.OneOfRefs(responses) } },
                },
                ["default"] = new JsonObject
                {
                    ["description"] = "An error: bad input (400), no permission (403), too many requests (429, with Retry-After), not ready (503).",
                    ["content"] = new JsonObject { ["application/json"] = new JsonObject { ["schema"] = Schemas.Ref(ErrorSchema) } },
                },
            },
        },
    };

    /// <summary>A component name OpenAPI accepts (letters, digits, '.', '-', '_').</summary>
    private static string Component(string name) => NotComponentCharacter().Replace(name, "_");

    [GeneratedRegex("[^A-Za-z0-9._-]")]
    private static partial Regex NotComponentCharacter();
}
