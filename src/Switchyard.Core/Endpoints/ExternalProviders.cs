using System.Text.Json;
using System.Text.Json.Nodes;

using Switchyard.Core.Secrets;

namespace Switchyard.Core.Endpoints;

/// <summary>
/// The external-model providers this server serves, the <c>*_config</c> block each takes, and the
/// rules of each block (required fields; a key given as a secret reference or as its
/// <c>_plaintext</c> twin, exactly one of the two). The rules follow the Databricks API docs;
/// the problems name the field.
/// </summary>
public static class ExternalProviders
{
    public const string OpenAi = "openai";
    public const string Anthropic = "anthropic";
    public const string Cohere = "cohere";
    public const string VertexAi = "google-cloud-vertex-ai";
    public const string Bedrock = "amazon-bedrock";
    public const string Ai21Labs = "ai21labs";
    public const string DatabricksModelServing = "databricks-model-serving";
    public const string Custom = "custom";

    private static readonly Dictionary<string, string> ConfigFields = new(StringComparer.Ordinal)
    {
        [OpenAi] = "openai_config",
        [Anthropic] = "anthropic_config",
        [Cohere] = "cohere_config",
        [VertexAi] = "google_cloud_vertex_ai_config",
        [Bedrock] = "amazon_bedrock_config",
        [Ai21Labs] = "ai21labs_config",
        [DatabricksModelServing] = "databricks_model_serving_config",
        [Custom] = "custom_provider_config",
    };

    private static readonly string[] OpenAiApiTypes = ["openai", "azure", "azuread"];

    private static readonly string[] BedrockProviders = ["anthropic", "cohere", "ai21labs", "amazon", "grok"];

    public static IEnumerable<string> Names => ConfigFields.Keys;

    public static bool TryGetConfigField(string? provider, out string configField)
    {
        configField = "";
        return provider is not null && ConfigFields.TryGetValue(provider, out configField!);
    }

    /// <summary>The problems of one provider's config block; none when it is right.</summary>
    public static IEnumerable<string> Check(string provider, JsonObject block, string path)
    {
        var problems = new List<string>();
        var rules = new BlockRules(block, path, problems);
        switch (provider)
        {
            case OpenAi:
                CheckOpenAi(rules);
                break;
            case Anthropic:
                rules.Key("anthropic_api_key");
                break;
            case Cohere:
                rules.Key("cohere_api_key");
                break;
            case VertexAi:
                rules.Required("project_id");
                rules.Required("region");
                rules.Key("private_key");
                break;
            case Bedrock:
                CheckBedrock(rules);
                break;
            case Ai21Labs:
                rules.Key("ai21labs_api_key");
                break;
            case DatabricksModelServing:
                rules.Required("databricks_workspace_url");
                rules.Key("databricks_api_token");
                break;
            case Custom:
                CheckCustom(rules);
                break;
        }

        return problems;
    }

    private static void CheckOpenAi(BlockRules rules)
    {
        var apiType = rules.Optional("openai_api_type") ?? "openai";
        if (!OpenAiApiTypes.Contains(apiType, StringComparer.OrdinalIgnoreCase))
        {
            rules.Problem($"openai_api_type '{apiType}' is not one of {string.Join(", ", OpenAiApiTypes)}.");
            return;
        }

        if (apiType.Equals("openai", StringComparison.OrdinalIgnoreCase))
        {
            rules.Key("openai_api_key");
            return;
        }

        // Azure OpenAI: the resource's base URL, an API version and the deployment are required.
        rules.Required("openai_api_base");
        rules.Required("openai_api_version");
        rules.Required("openai_deployment_name");
        if (apiType.Equals("azure", StringComparison.OrdinalIgnoreCase))
        {
            rules.Key("openai_api_key");
        }
        else
        {
            rules.Required("microsoft_entra_client_id");
            rules.Required("microsoft_entra_tenant_id");
            rules.Key("microsoft_entra_client_secret");
        }
    }

    private static void CheckBedrock(BlockRules rules)
    {
        rules.Required("aws_region");
        var bedrockProvider = rules.Required("bedrock_provider");
        if (bedrockProvider is not null && !BedrockProviders.Contains(bedrockProvider, StringComparer.OrdinalIgnoreCase))
        {
            rules.Problem($"bedrock_provider '{bedrockProvider}' is not one of {string.Join(", ", BedrockProviders)}.");
        }

        if (rules.Optional("instance_profile_arn") is not null)
        {
            rules.Problem("instance_profile_arn is not supported by this server (it has no instance role); give aws_access_key_id and aws_secret_access_key.");
            return;
        }

        rules.Key("aws_access_key_id");
        rules.Key("aws_secret_access_key");
    }

    private static void CheckCustom(BlockRules rules)
    {
        var url = rules.Required("custom_provider_url");
        if (url is not null && !(Uri.TryCreate(url, UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https"))
        {
            rules.Problem($"custom_provider_url '{url}' must be an absolute http or https URL.");
        }

        var apiKey = rules.Block("api_key_auth");
        var bearer = rules.Block("bearer_token_auth");
        if (apiKey is not null && bearer is not null)
        {
            rules.Problem("give api_key_auth or bearer_token_auth, not both.");
        }

        // Unlike the hosted service, no auth at all is allowed: local servers (Ollama, llama.cpp) often have none.
        apiKey?.Required("key");
        apiKey?.Key("value");
        bearer?.Key("token");
    }

    /// <summary>Reads one block's fields and records what is wrong with them.</summary>
    private sealed class BlockRules(JsonObject block, string path, List<string> problems)
    {
        public void Problem(string message) => problems.Add($"{path}: {message}");

        public string? Optional(string field)
        {
            var node = block[field];
            if (node is null)
            {
                return null;
            }

            if (node.GetValueKind() != JsonValueKind.String)
            {
                problems.Add($"{path}.{field} must be a string.");
                return null;
            }

            return node.GetValue<string>();
        }

        public string? Required(string field)
        {
            var value = Optional(field);
            if (block[field] is null || value?.Length == 0)
            {
                problems.Add($"{path}.{field} is required.");
            }

            return value;
        }

        /// <summary>
        /// A key: the secret reference <paramref name="field"/> or <c>{field}_plaintext</c>, exactly
        /// one. The literal key has been sealed by now (<see cref="ProviderKeySealer"/>).
        /// </summary>
        public void Key(string field)
        {
            var reference = Optional(field);
            var plaintext = block[$"{field}{ProviderKeySealer.PlaintextSuffix}"];
            if (reference is null && plaintext is null)
            {
                problems.Add($"{path}.{field} is required: a secret reference {{{{secrets/<scope>/<key>}}}} (or {field}_plaintext).");
            }
            else if (reference is not null && plaintext is not null)
            {
                problems.Add($"{path}: give {field} or {field}_plaintext, not both.");
            }
            else if (reference is not null && !SecretReference.TryParse(reference, out _))
            {
                problems.Add($"{path}.{field} must be a secret reference {{{{secrets/<scope>/<key>}}}}; put a literal key in {field}_plaintext.");
            }
        }

        public BlockRules? Block(string field)
        {
            var node = block[field];
            if (node is null)
            {
                return null;
            }

            if (node is not JsonObject inner)
            {
                problems.Add($"{path}.{field} must be a JSON object.");
                return null;
            }

            return new BlockRules(inner, $"{path}.{field}", problems);
        }
    }
}
