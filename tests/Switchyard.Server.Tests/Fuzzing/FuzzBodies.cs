using System.Text;
using System.Text.Json.Nodes;

namespace Switchyard.Server.Tests.Fuzzing;

/// <summary>A request body the fuzzer sends, with words enough to rebuild it.</summary>
internal sealed record FuzzBody(string Description, byte[]? Bytes);

/// <summary>
/// The bodies: fixed malformed ones (not JSON, not an object, too deep, too big, not text) and
/// seeded mutations of <see cref="FuzzTemplates"/> that put one wrong value (wrong type, invalid
/// UTF-8, lone surrogate, odd number, junk name) at one place in a well-formed body.
/// </summary>
internal static class FuzzBodies
{
    private const string Marker = "\"@@FUZZ@@\"";

    /// <summary>Values put in place of a field: each as raw JSON bytes, since some cannot be written by a JSON writer.</summary>
    private static readonly (string Description, byte[] Json)[] Values =
    [
        ("lone high surrogate escape", Utf8("\"\\ud800\"")),
        ("lone low surrogate escape inside text", Utf8("\"x\\udfffy\"")),
        ("reversed surrogate pair escape", Utf8("\"\\udc00\\ud800\"")),
        ("raw byte 0xFF in a string", [(byte)'"', 0xFF, (byte)'"']),
        ("raw bytes 0xC3 0x28 in a string", [(byte)'"', (byte)'a', 0xC3, 0x28, (byte)'"']),
        ("UTF-8-encoded surrogate 0xED 0xA0 0x80", [(byte)'"', 0xED, 0xA0, 0x80, (byte)'"']),
        ("overlong UTF-8 0xC0 0xAF", [(byte)'"', 0xC0, 0xAF, (byte)'"']),
        ("UTF-8 past U+10FFFF", [(byte)'"', 0xF4, 0x90, 0x80, 0x80, (byte)'"']),
        ("truncated UTF-8 sequence", [(byte)'"', 0xE2, 0x82, (byte)'"']),
        ("NUL escape", Utf8("\"a\\u0000b\"")),
        ("absolute path with a NUL", Utf8("\"/a\\u0000b\"")),
        ("file URI with a NUL", Utf8("\"file:///a%00b\"")),
        ("control characters", Utf8("\"\\u0001\\u001f\\u007f\"")),
        ("empty string", Utf8("\"\"")),
        ("blank string", Utf8("\"   \"")),
        ("emoji", Utf8("\"\\ud83d\\ude00\"")),
        ("path traversal", Utf8("\"../../../etc/passwd\"")),
        ("absolute path", Utf8("\"/\"")),
        ("dotted name", Utf8("\"a.b.c.d.e\"")),
        ("percent and slash", Utf8("\"a%2Fb/c\"")),
        ("secret reference to nowhere", Utf8("\"{{secrets/none/none}}\"")),
        ("long string (4,000 chars)", Utf8("\"" + new string('n', 4000) + "\"")),
        ("numeric string", Utf8("\"12\"")),
        ("negative numeric string", Utf8("\"-1\"")),
        ("zero", Utf8("0")),
        ("negative number", Utf8("-1")),
        ("fraction", Utf8("1.5")),
        ("huge integer", Utf8("123456789012345678901234567890")),
        ("number past double", Utf8("1e400")),
        ("tiny number", Utf8("1e-400")),
        ("negative zero", Utf8("-0")),
        ("int64 max + 1", Utf8("9223372036854775808")),
        ("true", Utf8("true")),
        ("false", Utf8("false")),
        ("null", Utf8("null")),
        ("empty array", Utf8("[]")),
        ("empty object", Utf8("{}")),
        ("array of null", Utf8("[null]")),
        ("array of mixed", Utf8("[1, \"a\", {}, [], null, true]")),
        ("nested arrays", Utf8("[[[[[]]]]]")),
        ("object with empty name", Utf8("{\"\": \"\"}")),
        ("object with lone surrogate name", Utf8("{\"\\ud800\": 1}")),
        ("array of lone surrogates", Utf8("[\"\\ud800\", \"\\udbff\"]")),
        ("60 nested arrays", Utf8(new string('[', 60) + new string(']', 60))),
        ("100 nested objects", Utf8(string.Concat(Enumerable.Repeat("{\"a\":", 100)) + "1" + new string('}', 100))),
        ("array of 10,000 numbers", Utf8("[" + string.Join(',', Enumerable.Range(0, 10_000)) + "]")),
    ];

    /// <summary>Whole bodies that break before any field is read.</summary>
    public static IEnumerable<FuzzBody> Structural()
    {
        yield return new("empty body", []);
        yield return new("no content at all", null);
        yield return new("whitespace only", Utf8("  \n\t "));
        yield return new("truncated object", Utf8("{\"name\": \"a"));
        yield return new("lone brace", Utf8("{"));
        yield return new("trailing comma", Utf8("{\"name\": \"a\",}"));
        yield return new("missing comma", Utf8("{\"name\": \"a\" \"b\": 1}"));
        yield return new("comment", Utf8("{/* c */ \"name\": \"a\"}"));
        yield return new("single quotes", Utf8("{'name': 'a'}"));
        yield return new("unquoted name", Utf8("{name: 1}"));
        yield return new("bare string", Utf8("\"name\""));
        yield return new("bare number", Utf8("42"));
        yield return new("bare null", Utf8("null"));
        yield return new("bare true", Utf8("true"));
        yield return new("bare array", Utf8("[1, 2]"));
        yield return new("empty object", Utf8("{}"));
        yield return new("two objects", Utf8("{} {}"));
        yield return new("object then junk", Utf8("{\"name\": \"a\"} x"));
        yield return new("byte order mark then object", [0xEF, 0xBB, 0xBF, (byte)'{', (byte)'}']);
        yield return new("NUL byte", [0]);
        yield return new("duplicate property", Utf8("{\"name\": \"a\", \"name\": \"b\"}"));
        yield return new("lone surrogate as name", Utf8("{\"name\": \"\\ud800\"}"));
        yield return new("raw 0xFF as name", [.. Utf8("{\"name\": \""), 0xFF, .. Utf8("\"}")]);
        yield return new("lone surrogate property name", Utf8("{\"\\ud800\": 1}"));
        yield return new("raw 0xC3 0x28 property name", [.. Utf8("{\""), 0xC3, 0x28, .. Utf8("\": 1}")]);
        yield return new("UTF-16 encoded object", Encoding.Unicode.GetBytes("{\"name\": \"a\"}"));
        yield return new("5,000 nested arrays", Utf8(new string('[', 5000) + new string(']', 5000)));
        yield return new("5,000 nested objects", Utf8(string.Concat(Enumerable.Repeat("{\"a\":", 5000)) + "1" + new string('}', 5000)));
        yield return new("5,000 unclosed arrays", Utf8(new string('[', 5000)));
        yield return new("gzip magic then junk", [0x1F, 0x8B, 0x08, 0x00, 0xFF, 0xFF, 0x00, 0x01]);
        yield return new("form fields", Utf8("name=a&config=b&%FF=%FF"));
        yield return new("multipart part", Utf8("--b\r\nContent-Disposition: form-data; name=\"name\"\r\n\r\na\r\n--b--\r\n"));
    }

    /// <summary>Bodies too large to send with every content type: a string of a few MB.</summary>
    public static IEnumerable<FuzzBody> Huge()
    {
        yield return new("3 MB string in name", Utf8("{\"name\": \"" + new string('h', 3 * 1024 * 1024) + "\"}"));
    }

    /// <summary><paramref name="count"/> random byte strings of sizes from 1 byte to 4 KB.</summary>
    public static IEnumerable<FuzzBody> RandomBytes(Random random, int count)
    {
        for (var i = 0; i < count; i++)
        {
            var bytes = new byte[random.Next(1, 4096)];
            random.NextBytes(bytes);
            yield return new($"{bytes.Length} random bytes (seeded)", bytes);
        }
    }

    /// <summary>One template with one field replaced, removed or renamed; mostly one written for <paramref name="pattern"/>.</summary>
    public static FuzzBody Mutation(Random random, string pattern)
    {
        var own = Enumerable.Range(0, FuzzTemplates.All.Length)
            .Where(i => FuzzTemplates.All[i].RouteHints.Any(h => pattern.Contains(h, StringComparison.Ordinal))).ToArray();
        var templateIndex = own.Length > 0 && random.Next(10) < 7 ? own[random.Next(own.Length)] : random.Next(FuzzTemplates.All.Length);
        var root = JsonNode.Parse(FuzzTemplates.All[templateIndex].Json)!;
        var slots = new List<(JsonNode Parent, string? Name, int Index, string Path)>();
        Collect(root, "", slots);
        var (parent, name, index, path) = slots[random.Next(slots.Count)];
        var action = random.Next(10);
        string what;
        byte[] replacement;
        if (action == 0 && name is not null)
        {
            parent.AsObject().Remove(name);
            return new($"template {templateIndex} without {path}", Utf8(root.ToJsonString()));
        }

        if (action == 1 && name is not null)
        {
            // The field's name becomes a junk string (a lone surrogate or invalid UTF-8 among them).
            var (description, json) = Values[random.Next(11)];
            var value = parent[name];
            parent.AsObject().Remove(name);
            parent.AsObject()["@@FUZZ@@"] = value;
            what = $"template {templateIndex} with {path} renamed to a {description}";
            replacement = json;
        }
        else
        {
            var (description, json) = Values[random.Next(Values.Length)];
            if (name is not null)
            {
                parent[name] = "@@FUZZ@@";
            }
            else
            {
                parent[index] = "@@FUZZ@@";
            }

            what = $"template {templateIndex} with {path} = {description}";
            replacement = json;
        }

        return new(what, Replace(Utf8(root.ToJsonString()), replacement));
    }

    private static void Collect(JsonNode node, string path, List<(JsonNode, string?, int, string)> slots)
    {
        switch (node)
        {
            case JsonObject body:
                foreach (var (name, child) in body.ToList())
                {
                    var childPath = path.Length == 0 ? name : $"{path}.{name}";
                    slots.Add((body, name, -1, childPath));
                    if (child is not null)
                    {
                        Collect(child, childPath, slots);
                    }
                }

                break;
            case JsonArray list:
                for (var i = 0; i < list.Count; i++)
                {
                    slots.Add((list, null, i, $"{path}[{i}]"));
                    if (list[i] is { } child)
                    {
                        Collect(child, $"{path}[{i}]", slots);
                    }
                }

                break;
        }
    }

    private static byte[] Replace(byte[] json, byte[] replacement)
    {
        var marker = Utf8(Marker);
        var at = json.AsSpan().IndexOf(marker);
        return [.. json.AsSpan(0, at), .. replacement, .. json.AsSpan(at + marker.Length)];
    }

    private static byte[] Utf8(string text) => Encoding.UTF8.GetBytes(text);
}
