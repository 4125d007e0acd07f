using System.Text.Json;
using System.Text.Json.Nodes;

namespace Switchyard.Providers;

/// <summary>
/// What every provider's request writer does alike while streaming a body out: Databricks
/// <c>extra_params</c> win over our own fields, and lists of strings go as JSON arrays.
/// </summary>
internal static class WireWriter
{
    /// <summary>
    /// Whether the caller's <c>extra_params</c> set <paramref name="name"/>: then our own field of that
    /// name is left out, since a JSON object must not carry a name twice and the caller's value wins.
    /// </summary>
    public static bool ExtraSets(JsonObject? extra, string name) => extra is not null && extra.ContainsKey(name);

    /// <summary>Writes every <c>extra_params</c> field into the body as given (JSON null stays null).</summary>
    public static void WriteExtra(Utf8JsonWriter writer, JsonObject? extra)
    {
        if (extra is null)
        {
            return;
        }

        foreach (var (name, value) in extra)
        {
            writer.WritePropertyName(name);
            WriteNode(writer, value);
        }
    }

    /// <summary>A value the query holds as a node (a tool's name, an extra field), written as given; none is JSON null.</summary>
    public static void WriteNode(Utf8JsonWriter writer, JsonNode? node)
    {
        if (node is null)
        {
            writer.WriteNullValue();
        }
        else
        {
            node.WriteTo(writer);
        }
    }

    /// <summary>A field the query holds as a node (a tool's description, say), written under <paramref name="name"/> only when the query has it.</summary>
    public static void WriteIfPresent(Utf8JsonWriter writer, ReadOnlySpan<byte> name, JsonNode? node)
    {
        if (node is not null)
        {
            writer.WritePropertyName(name);
            node.WriteTo(writer);
        }
    }

    /// <summary>
    /// A tool's parameter schema, where the writer stands, as the query gives it; a tool without one
    /// takes no arguments, <c>{"type": "object"}</c>, with an empty <c>properties</c> where the
    /// provider requires one.
    /// </summary>
    public static void WriteParameterSchema(Utf8JsonWriter writer, JsonNode? schema, bool withEmptyProperties = false)
    {
        if (schema is not null)
        {
            schema.WriteTo(writer);
            return;
        }

        writer.WriteStartObject();
        writer.WriteString("type"u8, "object"u8);
        if (withEmptyProperties)
        {
            writer.WriteStartObject("properties"u8);
            writer.WriteEndObject();
        }

        writer.WriteEndObject();
    }

    public static void WriteStrings(Utf8JsonWriter writer, ReadOnlySpan<byte> name, IReadOnlyList<string> values)
    {
        writer.WritePropertyName(name);
        WriteStrings(writer, values);
    }

    /// <summary>The list as a JSON array, where the writer stands (after a property name a caller wrote).</summary>
    public static void WriteStrings(Utf8JsonWriter writer, IReadOnlyList<string> values)
    {
        writer.WriteStartArray();
        foreach (var value in values)
        {
            writer.WriteStringValue(value);
        }

        writer.WriteEndArray();
    }
}
