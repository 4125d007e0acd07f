using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Switchyard.Core.Errors;

namespace Switchyard.Server.Http;

/// <summary>
/// Checks that every string of a parsed body, property names and values, is text. The parser
/// keeps strings as the body's UTF-8 and decodes one only when a handler reads it, so an escaped
/// lone surrogate (<c>"\ud800"</c>) or raw bytes that are not UTF-8 would surface deep in a
/// handler as an InvalidOperationException, a 500. Decoding them all once here turns that into
/// one 400 naming the JSON path (<c>config.served_entities[0].name</c>), for every route at once.
/// A property given twice is refused here too: JsonObject throws on it only when first read.
/// </summary>
public static class WellFormedText
{
    public static void Require(JsonNode? root) => Require(root, "");

    /// <summary>Checks a value found at <paramref name="path"/> of a body (empty for the body itself).</summary>
    public static void Require(JsonNode? value, string path) => Visit(value, new StringBuilder(path));

    /// <summary>The 400 for a string at <paramref name="path"/> that is not text.</summary>
    public static ServingException NotText(string path) => Malformed($"{Name(path)} is not well-formed text");

    /// <summary>The 400 for an object at <paramref name="path"/> one of whose property names is not text.</summary>
    public static ServingException NameNotText(string path) => Malformed($"{Name(path)} has a property name that is not well-formed text");

    /// <summary>The 400 for an object at <paramref name="path"/> that gives a property twice.</summary>
    public static ServingException Twice(string path) => ServingException.Invalid($"{Name(path)} gives the same property twice.");

    private static void Visit(JsonNode? node, StringBuilder path)
    {
        switch (node)
        {
            case JsonObject body:
                VisitObject(body, path);
                break;
            case JsonArray list:
                for (var i = 0; i < list.Count; i++)
                {
                    var length = path.Length;
                    path.Append('[').Append(i).Append(']');
                    Visit(list[i], path);
                    path.Length = length;
                }

                break;
            case JsonValue value when value.GetValueKind() == JsonValueKind.String:
                try
                {
                    _ = value.GetValue<string>();
                }
                catch (InvalidOperationException)
                {
                    throw NotText(path.ToString());
                }

                break;
        }
    }

    private static void VisitObject(JsonObject body, StringBuilder path)
    {
        try
        {
            // The first count decodes every property name of the object.
            _ = body.Count;
        }
        catch (InvalidOperationException)
        {
            throw NameNotText(path.ToString());
        }
        catch (ArgumentException)
        {
            throw Twice(path.ToString());
        }

        foreach (var (name, child) in body)
        {
            var length = path.Length;
            if (length > 0)
            {
                path.Append('.');
            }

            path.Append(name);
            Visit(child, path);
            path.Length = length;
        }
    }

    private static string Name(string path) => path.Length == 0 ? "The request body" : path;

    private static ServingException Malformed(string what) =>
        ServingException.Invalid($"{what}: it holds bytes that are not UTF-8 or an unpaired surrogate escape (\\ud800-\\udfff).");
}
