using System.Text.Json.Nodes;

namespace Switchyard.Providers.Schema;

/// <summary>
/// When a field applies: only while a sibling choice holds one of <see cref="Values"/> (its default
/// when absent), such as the Azure fields of <c>openai_config</c> while <c>openai_api_type</c> is
/// <c>azure</c> or <c>azuread</c>. A field whose condition does not hold is neither asked for nor checked.
/// </summary>
public sealed record FieldCondition(string Field, IReadOnlyList<string> Values)
{
    /// <summary>Whether the condition holds in <paramref name="block"/>, whose fields are <paramref name="siblings"/>.</summary>
    public bool HoldsIn(JsonObject block, IReadOnlyList<ProviderField> siblings)
    {
        var value = ProviderKeys.TextOf(block, Field)
            ?? siblings.FirstOrDefault(f => f.Name == Field && f.Default is not null)?.Default;
        return value is not null && Values.Contains(value, StringComparer.OrdinalIgnoreCase);
    }
}
