using System.Text.Json.Nodes;
using Switchyard.Core.Llm;
using Switchyard.Providers;
using Switchyard.Providers.Schema;

namespace Switchyard.Server.Endpoints;

/// <summary>
/// <c>GET /api/2.0/external-providers</c> (ours; Databricks has no such route): every external
/// provider this server serves, with the tasks it serves and the fields of its config block, so
/// that a form (the web UI's) is built from what the server checks instead of a copy of it. Any
/// signed-in caller may read it: it names fields, never values. It is not under
/// <c>/serving-endpoints/</c>, where a literal segment would shadow an endpoint of that name.
/// </summary>
internal static class ExternalProviderRoutes
{
    public const string Path = "/api/2.0/external-providers";

    public static IEndpointRouteBuilder MapExternalProviders(this IEndpointRouteBuilder routes)
    {
        routes.MapGet(Path, static (ExternalProviderCatalog providers) => EndpointRoutes.Json(Answer(providers)));
        return routes;
    }

    /// <summary><c>{"providers": [{"name", "config_field", "tasks", "fields"}]}</c>, in the catalog's order.</summary>
    public static JsonObject Answer(ExternalProviderCatalog providers)
    {
        var list = new JsonArray();
        foreach (var provider in providers.All)
        {
            list.Add(new JsonObject
            {
                ["name"] = provider.Name,
                ["config_field"] = provider.ConfigField,
                ["tasks"] = new JsonArray([.. provider.Tasks.Select(t => JsonValue.Create(t.ToWire()))]),
                ["fields"] = Fields(provider.Schema.Fields),
            });
        }

        return new JsonObject { ["providers"] = list };
    }

    private static JsonArray Fields(IReadOnlyList<ProviderField> fields)
    {
        var list = new JsonArray();
        foreach (var field in fields)
        {
            var answer = new JsonObject
            {
                ["name"] = field.Name,
                ["label"] = field.Label,
                ["kind"] = KindName(field.Kind),
                ["required"] = field.Required,
            };
            AddIf(answer, "placeholder", field.Placeholder);
            AddIf(answer, "description", field.Description);
            AddIf(answer, "default", field.Default);
            if (field.Kind == ProviderFieldKind.Choice)
            {
                answer["options"] = new JsonArray([.. field.Options.Select(o => JsonValue.Create(o))]);
            }

            if (field.Kind == ProviderFieldKind.Secret)
            {
                answer["plaintext_field"] = field.PlaintextTwin;
            }

            if (field.When is { } when)
            {
                answer["when"] = new JsonObject
                {
                    ["field"] = when.Field,
                    ["in"] = new JsonArray([.. when.Values.Select(v => JsonValue.Create(v))]),
                };
            }

            if (field.Kind == ProviderFieldKind.Block)
            {
                answer["fields"] = Fields(field.Fields);
            }

            list.Add(answer);
        }

        return list;
    }

    private static void AddIf(JsonObject answer, string name, string? value)
    {
        if (value is not null)
        {
            answer[name] = value;
        }
    }

    private static string KindName(ProviderFieldKind kind) => kind switch
    {
        ProviderFieldKind.Secret => "secret",
        ProviderFieldKind.Choice => "choice",
        ProviderFieldKind.Url => "url",
        ProviderFieldKind.Block => "block",
        _ => "text",
    };
}
