using System.Text.Json.Nodes;
using Switchyard.Core.Llm;
using Switchyard.Providers.Schema;

namespace Switchyard.Providers;

/// <summary>
/// Everything the server knows of one external-model provider, in one place: its name in
/// <c>external_model.provider</c>, the config block it takes and that block's fields, the tasks it
/// serves, how a block is checked and how its model is built. The validator, the model factory and
/// the web UI (through <c>GET /api/2.0/external-providers</c>) all read it, so a new provider is one
/// class registered with <see cref="ExternalModelServiceCollectionExtensions.AddExternalProvider{TProvider}"/>.
/// </summary>
public interface IExternalProvider
{
    /// <summary>The provider's name in <c>external_model.provider</c> (<c>openai</c>, <c>amazon-bedrock</c>).</summary>
    string Name { get; }

    /// <summary>The field of <c>external_model</c> holding this provider's block (<c>openai_config</c>).</summary>
    string ConfigField { get; }

    /// <summary>The block's fields.</summary>
    ProviderSchema Schema { get; }

    /// <summary>The tasks a model of this provider may be declared for.</summary>
    IReadOnlyList<LlmTask> Tasks { get; }

    /// <summary>
    /// The problems of <paramref name="block"/> (at <paramref name="path"/>; literal keys already
    /// sealed), each naming its field; none when it is right. By default, the schema's checks.
    /// </summary>
    IReadOnlyList<string> Check(JsonObject block, string path) => Schema.Check(block, path);

    /// <summary>
    /// The model of one served entity, ready to answer. Keys are read through
    /// <see cref="ProviderContext.Keys"/>, with the rights of the config's creator; a key that cannot
    /// be read fails with a message naming its reference, never a value.
    /// </summary>
    Task<IGenerativeModel> CreateAsync(ProviderContext context, CancellationToken ct);
}
