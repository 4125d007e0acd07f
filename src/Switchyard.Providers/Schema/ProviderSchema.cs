using System.Text.Json.Nodes;

namespace Switchyard.Providers.Schema;

/// <summary>
/// The fields of one provider's config block, in the order a form shows them. Checking a block by
/// them is what most providers need; a provider with rules beyond its fields adds them after.
/// </summary>
public sealed class ProviderSchema(params ProviderField[] fields)
{
    public IReadOnlyList<ProviderField> Fields { get; } = fields;

    /// <summary>The problems of <paramref name="block"/> (at <paramref name="path"/>) by these fields; none when it is right.</summary>
    public IReadOnlyList<string> Check(JsonObject block, string path)
    {
        var check = new BlockCheck(block, path);
        check.Fields(Fields);
        return check.Problems;
    }
}
