using System.Text.Json.Nodes;
using Switchyard.Providers.Bedrock;
using Switchyard.Providers.Cohere;
using Switchyard.Providers.Custom;
using Switchyard.Providers.OpenAi;

namespace Switchyard.Providers.Tests.Schema;

/// <summary>
/// Config blocks checked by the providers' schemas: conditional fields, choices, nested blocks and
/// the rules some providers keep beyond their fields; every problem names its field by full path.
/// </summary>
public sealed class ConfigBlockCheckTests
{
    private const string Path = "external_model.block";

    [Fact]
    public void OpenAi_Azure_AsksForTheResourceVersionDeploymentAndKey()
    {
        var problems = Check<OpenAiProvider>(new JsonObject { ["openai_api_type"] = "azure" });

        Assert.Equal(
        [
            "external_model.block.openai_api_key is required: a secret reference {{secrets/<scope>/<key>}} (or openai_api_key_plaintext).",
            "external_model.block.openai_api_base is required.",
            "external_model.block.openai_api_version is required.",
            "external_model.block.openai_deployment_name is required.",
        ], problems);
    }

    [Fact]
    public void OpenAi_AzureAd_AsksForTheEntraFieldsInsteadOfTheKey()
    {
        var problems = Check<OpenAiProvider>(new JsonObject
        {
            ["openai_api_type"] = "AzureAD", ["openai_api_base"] = "https://r.openai.azure.com/", ["openai_api_version"] = "2024-02-01",
            ["openai_deployment_name"] = "d",
        });

        Assert.Equal(
        [
            "external_model.block.microsoft_entra_client_id is required.",
            "external_model.block.microsoft_entra_tenant_id is required.",
            "external_model.block.microsoft_entra_client_secret is required: a secret reference {{secrets/<scope>/<key>}} (or microsoft_entra_client_secret_plaintext).",
        ], problems);
    }

    [Fact]
    public void OpenAi_PlainType_NeedsOnlyTheKeyAndTakesAnOptionalBase()
    {
        Assert.Empty(Check<OpenAiProvider>(new JsonObject { ["openai_api_key_plaintext"] = "sealed-by-now" }));
        Assert.Equal(["external_model.block: openai_api_base 'api.example' must be an absolute http or https URL."],
            Check<OpenAiProvider>(new JsonObject { ["openai_api_key_plaintext"] = "k", ["openai_api_base"] = "api.example" }));
    }

    [Fact]
    public void OpenAi_UnknownType_IsTheOnlyProblem()
    {
        Assert.Equal(["external_model.block: openai_api_type 'palm' is not one of openai, azure, azuread."],
            Check<OpenAiProvider>(new JsonObject { ["openai_api_type"] = "palm" }));
    }

    [Fact]
    public void Bedrock_ChoiceOutsideItsOptions_IsRefusedAndCaseIsIgnored()
    {
        var keys = new JsonObject { ["aws_region"] = "us-east-1", ["aws_access_key_id_plaintext"] = "a", ["aws_secret_access_key_plaintext"] = "b" };

        Assert.Equal(["external_model.block: bedrock_provider 'mistral' is not one of anthropic, cohere, ai21labs, amazon, grok."],
            Check<BedrockProvider>(With(keys, "bedrock_provider", "mistral")));
        Assert.Empty(Check<BedrockProvider>(With(keys, "bedrock_provider", "Anthropic")));
    }

    [Fact]
    public void Bedrock_InstanceProfile_IsRefusedWithoutAlsoAskingForKeys()
    {
        var problems = Check<BedrockProvider>(new JsonObject
        {
            ["aws_region"] = "us-east-1", ["bedrock_provider"] = "amazon", ["instance_profile_arn"] = "arn:aws:iam::1:instance-profile/x",
        });

        Assert.Equal(["external_model.block: instance_profile_arn is not supported by this server (it has no instance role); give aws_access_key_id and aws_secret_access_key."],
            problems);
    }

    [Fact]
    public void Custom_NestedAuthBlocks_AreCheckedByTheirOwnFields()
    {
        var problems = Check<CustomProvider>(new JsonObject
        {
            ["custom_provider_url"] = "http://127.0.0.1:11434/v1", ["api_key_auth"] = new JsonObject { ["value"] = "not-a-reference" },
        });

        Assert.Equal(
        [
            "external_model.block.api_key_auth.key is required.",
            "external_model.block.api_key_auth.value must be a secret reference {{secrets/<scope>/<key>}}; put a literal key in value_plaintext.",
        ], problems);
    }

    [Fact]
    public void Custom_BothAuthBlocksOrABadUrl_AreRefused()
    {
        var problems = Check<CustomProvider>(new JsonObject
        {
            ["custom_provider_url"] = "ftp://x",
            ["api_key_auth"] = new JsonObject { ["key"] = "x-api-key", ["value_plaintext"] = "k" },
            ["bearer_token_auth"] = new JsonObject { ["token_plaintext"] = "t" },
        });

        Assert.Equal(
        [
            "external_model.block: custom_provider_url 'ftp://x' must be an absolute http or https URL.",
            "external_model.block: give api_key_auth or bearer_token_auth, not both.",
        ], problems);
        Assert.Equal(["external_model.block.bearer_token_auth must be a JSON object."],
            Check<CustomProvider>(new JsonObject { ["custom_provider_url"] = "http://h", ["bearer_token_auth"] = "t" }));
        Assert.Empty(Check<CustomProvider>(new JsonObject { ["custom_provider_url"] = "http://h" }));
    }

    [Fact]
    public void Cohere_ApiBase_IsKnownAndChecked()
    {
        Assert.Empty(Check<CohereProvider>(new JsonObject { ["cohere_api_key"] = "{{secrets/llm/cohere}}", ["cohere_api_base"] = "http://127.0.0.1:9" }));
        Assert.Equal(["external_model.block: cohere_api_base 'nowhere' must be an absolute http or https URL."],
            Check<CohereProvider>(new JsonObject { ["cohere_api_key"] = "{{secrets/llm/cohere}}", ["cohere_api_base"] = "nowhere" }));
    }

    [Fact]
    public void Key_AsReferenceAndPlaintext_IsRefused()
    {
        Assert.Equal(["external_model.block: give cohere_api_key or cohere_api_key_plaintext, not both."],
            Check<CohereProvider>(new JsonObject { ["cohere_api_key"] = "{{secrets/a/b}}", ["cohere_api_key_plaintext"] = "k" }));
    }

    private static IReadOnlyList<string> Check<TProvider>(JsonObject block)
        where TProvider : IExternalProvider =>
        Models.Catalog.All.OfType<TProvider>().Single().Check(block, Path);

    private static JsonObject With(JsonObject block, string field, string value)
    {
        var copy = block.DeepClone().AsObject();
        copy[field] = value;
        return copy;
    }
}
