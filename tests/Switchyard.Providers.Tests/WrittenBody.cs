using System.Buffers;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Switchyard.Providers.Tests;

/// <summary>
/// A request body as a provider's writer writes it, read back as a tree for the tests to inspect.
/// The writer validates the JSON's structure, and the reader refuses a name written twice in one
/// object (our field and the caller's <c>extra_params</c> both written, say).
/// </summary>
internal static class WrittenBody
{
    private static readonly JsonDocumentOptions Strict = new() { AllowDuplicateProperties = false };

    public static JsonObject Of(Action<Utf8JsonWriter> write)
    {
        var buffer = new ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            write(writer);
        }

        return JsonNode.Parse(buffer.WrittenSpan, documentOptions: Strict)!.AsObject();
    }
}
