using System.Text.Json;
using System.Text.Json.Nodes;
using Switchyard.Core.Secrets;

namespace Switchyard.Providers.Schema;

/// <summary>
/// Checks one config block against its fields and records what is wrong, every problem naming
/// the field by its full path (<c>config.served_entities[0].external_model.openai_config.openai_api_key</c>)
/// in the words clients already match on. A provider adds its own rules with <see cref="Problem"/>.
/// </summary>
public sealed class BlockCheck(JsonObject block, string path, List<string> problems)
{
    public BlockCheck(JsonObject block, string path)
        : this(block, path, [])
    {
    }

    /// <summary>Everything found wrong so far, in the order found.</summary>
    public IReadOnlyList<string> Problems => problems;

    public JsonObject Block => block;

    public void Problem(string message) => problems.Add($"{path}: {message}");

    /// <summary>
    /// Checks each of <paramref name="fields"/> (those of <paramref name="only"/>, when given)
    /// whose condition holds in this block.
    /// </summary>
    public void Fields(IReadOnlyList<ProviderField> fields, Func<ProviderField, bool>? only = null)
    {
        foreach (var field in fields)
        {
            if ((only is null || only(field)) && (field.When is null || field.When.HoldsIn(block, fields)))
            {
                Field(field);
            }
        }
    }

    public void Field(ProviderField field)
    {
        switch (field.Kind)
        {
            case ProviderFieldKind.Secret:
                Key(field.Name, field.Required);
                break;
            case ProviderFieldKind.Block:
                var inner = InnerBlock(field.Name);
                if (inner is null && field.Required && block[field.Name] is null)
                {
                    problems.Add($"{path}.{field.Name} is required.");
                }

                inner?.Fields(field.Fields);
                break;
            case ProviderFieldKind.Choice:
                var choice = (field.Required ? Required(field.Name) : Optional(field.Name)) ?? field.Default;
                if (choice is not null && !field.Options.Contains(choice, StringComparer.OrdinalIgnoreCase))
                {
                    Problem($"{field.Name} '{choice}' is not one of {string.Join(", ", field.Options)}.");
                }

                break;
            case ProviderFieldKind.Url:
                var url = field.Required ? Required(field.Name) : Optional(field.Name);
                if (url is { Length: > 0 } && !IsHttpUrl(url))
                {
                    Problem($"{field.Name} '{url}' must be an absolute http or https URL.");
                }

                break;
            default:
                _ = field.Required ? Required(field.Name) : Optional(field.Name);
                break;
        }
    }

    /// <summary>The string <paramref name="field"/>, or null when absent; anything but a string is a problem.</summary>
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

    /// <summary>The string <paramref name="field"/>, which must be given and not empty.</summary>
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
    /// one (or neither, when not <paramref name="required"/>). The literal key has been sealed by
    /// now (<see cref="ProviderKeySealer"/>).
    /// </summary>
    public void Key(string field, bool required = true)
    {
        var reference = Optional(field);
        var plaintext = block[$"{field}{ProviderKeySealer.PlaintextSuffix}"];
        if (reference is null && plaintext is null)
        {
            if (required)
            {
                problems.Add($"{path}.{field} is required: a secret reference {{{{secrets/<scope>/<key>}}}} (or {field}_plaintext).");
            }
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

    /// <summary>The nested block <paramref name="field"/>, or null when absent; anything but an object is a problem.</summary>
    public BlockCheck? InnerBlock(string field)
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

        return new BlockCheck(inner, $"{path}.{field}", problems);
    }

    private static bool IsHttpUrl(string value) =>
        Uri.TryCreate(value, UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https";
}
