using System.Text.Json.Nodes;
using Switchyard.Core.Llm;
using Switchyard.Providers.Schema;

namespace Switchyard.Providers.Bedrock;

/// <summary>
/// <c>amazon-bedrock</c>: models on Amazon Bedrock in one AWS region, signed with an access key.
/// An instance role (<c>instance_profile_arn</c>) is refused: this server runs on no AWS instance.
/// </summary>
public sealed class BedrockProvider(TimeProvider time) : IExternalProvider
{
    public const string ProviderName = "amazon-bedrock";

    internal static readonly ProviderField Region = ProviderField.Text("aws_region", "AWS region", "us-east-1");

    internal static readonly ProviderField Family =
        ProviderField.Choice("bedrock_provider", "Bedrock provider", "anthropic", "cohere", "ai21labs", "amazon", "grok");

    internal static readonly ProviderField AccessKeyId = ProviderField.Secret("aws_access_key_id", "AWS access key id");

    internal static readonly ProviderField SecretAccessKey = ProviderField.Secret("aws_secret_access_key", "AWS secret access key");

    public string Name => ProviderName;

    public string ConfigField => "amazon_bedrock_config";

    public ProviderSchema Schema { get; } = new(Region, Family, AccessKeyId, SecretAccessKey);

    public IReadOnlyList<LlmTask> Tasks { get; } = [LlmTask.Chat, LlmTask.Completions, LlmTask.Embeddings];

    public IReadOnlyList<string> Check(JsonObject block, string path)
    {
        var check = new BlockCheck(block, path);
        check.Fields(Schema.Fields, f => f.Kind != ProviderFieldKind.Secret);
        // Given an instance role, the one problem to report is the role: asking for keys as well would bury it.
        if (check.Optional("instance_profile_arn") is not null)
        {
            check.Problem("instance_profile_arn is not supported by this server (it has no instance role); give aws_access_key_id and aws_secret_access_key.");
            return check.Problems;
        }

        check.Fields(Schema.Fields, f => f.Kind == ProviderFieldKind.Secret);
        return check.Problems;
    }

    public Task<IGenerativeModel> CreateAsync(ProviderContext context, CancellationToken ct) => BedrockModel.CreateAsync(context, time, ct);
}
