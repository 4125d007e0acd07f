using System.Text.Json;
using Switchyard.Core.Errors;
using Switchyard.Core.Runtimes;

namespace Switchyard.Runtimes.Mlflow;

/// <summary>
/// Parses one side of an MLflow signature, the JSON string MLmodel stores under
/// <c>signature.inputs</c> or <c>signature.outputs</c>: column specs
/// (<c>{"type":"double","name":"x1","required":true}</c>) or tensor specs
/// (<c>{"type":"tensor","tensor-spec":{"dtype":"float32","shape":[-1,4]},"name":"x"}</c>).
/// </summary>
public static class SignatureSchemaJson
{
    public static IReadOnlyList<SignatureField> Parse(string json, string side)
    {
        try
        {
            using var document = JsonDocument.Parse(json);
            if (document.RootElement.ValueKind != JsonValueKind.Array)
            {
                throw Invalid(side, "it is not a JSON list");
            }

            var fields = new List<SignatureField>();
            foreach (var spec in document.RootElement.EnumerateArray())
            {
                fields.Add(ParseField(spec, side, fields.Count));
            }

            return fields;
        }
        catch (JsonException e)
        {
            throw Invalid(side, $"it is not valid JSON ({e.Message})");
        }
    }

    private static SignatureField ParseField(JsonElement spec, string side, int index)
    {
        if (spec.ValueKind != JsonValueKind.Object)
        {
            throw Invalid(side, $"entry {index} is not an object");
        }

        var name = spec.TryGetProperty("name", out var nameElement) && nameElement.ValueKind == JsonValueKind.String
            ? nameElement.GetString()
            : null;
        var required = !spec.TryGetProperty("required", out var requiredElement) || requiredElement.ValueKind != JsonValueKind.False;
        if (!spec.TryGetProperty("type", out var typeElement) || typeElement.ValueKind != JsonValueKind.String)
        {
            throw Invalid(side, $"entry {index} has no 'type'");
        }

        var type = typeElement.GetString()!;
        if (type != "tensor")
        {
            return new SignatureField(name, type, null, required);
        }

        if (!spec.TryGetProperty("tensor-spec", out var tensorSpec)
            || !tensorSpec.TryGetProperty("dtype", out var dtype) || dtype.ValueKind != JsonValueKind.String
            || !tensorSpec.TryGetProperty("shape", out var shapeElement) || shapeElement.ValueKind != JsonValueKind.Array)
        {
            throw Invalid(side, $"tensor entry {index} needs 'tensor-spec' with 'dtype' and 'shape'");
        }

        var shape = new List<long>();
        foreach (var dim in shapeElement.EnumerateArray())
        {
            shape.Add(dim.TryGetInt64(out var value) ? value : throw Invalid(side, $"tensor entry {index} has a non-integer dimension"));
        }

        return new SignatureField(name, dtype.GetString()!, shape, required);
    }

    private static ServingException Invalid(string side, string problem) =>
        ServingException.Invalid($"MLmodel signature {side} are not valid: {problem}");
}
