using System.Text.Json.Nodes;
using Switchyard.Core.Secrets;

namespace Switchyard.Providers.Schema;

/// <summary>
/// One field of a provider's config block, declared once: the validator checks a block by it, the
/// provider reads the value through it, and the schema route hands it to the web UI, so the three
/// cannot drift apart. Built with <see cref="Text"/>, <see cref="Url"/>, <see cref="Secret"/>,
/// <see cref="Choice"/> or <see cref="Block"/> (each required unless made <see cref="Optional"/>).
/// </summary>
public sealed record ProviderField
{
    private ProviderField(string name, string label, ProviderFieldKind kind, bool required)
    {
        Name = name;
        Label = label;
        Kind = kind;
        Required = required;
    }

    /// <summary>The field's name in the block (<c>aws_region</c>).</summary>
    public string Name { get; }

    /// <summary>What a person is shown (<c>AWS region</c>).</summary>
    public string Label { get; }

    public ProviderFieldKind Kind { get; }

    /// <summary>Whether the block must have it (while <see cref="When"/> holds).</summary>
    public bool Required { get; init; }

    /// <summary>An example value, shown in an empty input.</summary>
    public string? Placeholder { get; init; }

    /// <summary>A sentence on what the field is for, when the label does not say enough.</summary>
    public string? Description { get; init; }

    /// <summary>The values a <see cref="ProviderFieldKind.Choice"/> takes.</summary>
    public IReadOnlyList<string> Options { get; init; } = [];

    /// <summary>The value an absent choice stands for.</summary>
    public string? Default { get; init; }

    /// <summary>When the field applies; always when null.</summary>
    public FieldCondition? When { get; init; }

    /// <summary>The fields of a <see cref="ProviderFieldKind.Block"/>.</summary>
    public IReadOnlyList<ProviderField> Fields { get; init; } = [];

    /// <summary>Where a <see cref="ProviderFieldKind.Secret"/>'s literal key goes instead of a reference.</summary>
    public string PlaintextTwin => Name + ProviderKeySealer.PlaintextSuffix;

    public static ProviderField Text(string name, string label, string? placeholder = null) =>
        new(name, label, ProviderFieldKind.Text, required: true) { Placeholder = placeholder };

    public static ProviderField Url(string name, string label, string? placeholder = null) =>
        new(name, label, ProviderFieldKind.Url, required: true) { Placeholder = placeholder };

    public static ProviderField Secret(string name, string label) =>
        new(name, label, ProviderFieldKind.Secret, required: true);

    public static ProviderField Choice(string name, string label, params string[] options) =>
        new(name, label, ProviderFieldKind.Choice, required: true) { Options = options };

    /// <summary>A nested block; optional, since a block is usually one way among others (an auth scheme).</summary>
    public static ProviderField Block(string name, string label, params ProviderField[] fields) =>
        new(name, label, ProviderFieldKind.Block, required: false) { Fields = fields };

    public ProviderField Optional() => this with { Required = false };

    /// <summary>An optional choice that stands for <paramref name="value"/> when absent.</summary>
    public ProviderField DefaultingTo(string value) => this with { Required = false, Default = value };

    public ProviderField OnlyWhen(string field, params string[] values) => this with { When = new FieldCondition(field, values) };

    public ProviderField Described(string description) => this with { Description = description };

    /// <summary>The field's string in <paramref name="block"/>, or null (absent, or not a string).</summary>
    public string? TextIn(JsonObject block) => ProviderKeys.TextOf(block, Name);

    /// <summary>A choice's value in <paramref name="block"/>, lower-cased, or its default.</summary>
    public string? ChoiceIn(JsonObject block) => TextIn(block)?.ToLowerInvariant() ?? Default;
}
