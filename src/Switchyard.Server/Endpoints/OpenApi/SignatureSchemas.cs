using System.Text.Json.Nodes;
using Switchyard.Core.Runtimes;

namespace Switchyard.Server.Endpoints.OpenApi;

/// <summary>
/// The request schemas of a custom model, built from its MLflow signature: the four input formats
/// of the MLflow scoring protocol (<c>dataframe_split</c>, <c>dataframe_records</c>,
/// <c>instances</c>, <c>inputs</c>), each naming the signature's columns or tensors with their
/// types, and the answer <c>{"predictions": …}</c>.
/// </summary>
internal static class SignatureSchemas
{
    public static readonly string[] Formats = ["dataframe_split", "dataframe_records", "instances", "inputs"];

    /// <summary>The schema of one input format for <paramref name="signature"/>.</summary>
    public static JsonObject Request(ModelSignature signature, string format)
    {
        var body = format switch
        {
            "dataframe_split" => DataframeSplit(signature),
            "dataframe_records" => Records(signature),
            "instances" => signature.IsTensorBased ? TensorInstances(signature) : Records(signature),
            _ => signature.IsTensorBased ? TensorInputs(signature) : ColumnInputs(signature),
        };
        return Schemas.Object(new JsonObject
        {
            [format] = body,
            ["params"] = new JsonObject { ["type"] = "object", ["description"] = "Inference parameters the model's signature declares." },
        }, required: [format]);
    }

    /// <summary><c>{"predictions": …}</c>: one value or record per row for DataFrame input, output name to nested lists for tensors.</summary>
    public static JsonObject Response(ModelSignature signature)
    {
        var outputs = new JsonObject();
        foreach (var (name, field) in Named(signature.Outputs))
        {
            outputs[name] = field.Shape is null ? ColumnType(field.Type) : Tensor(field, field.Shape.Count);
        }

        var predictions = new JsonObject
        {
            ["description"] = $"Outputs: {Describe(signature.Outputs)}. A list with one entry per input row (a value, or a record of the outputs), or for tensor input an object of output name to nested lists.",
            ["oneOf"] = new JsonArray(
                new JsonObject { ["type"] = "array", ["items"] = new JsonObject() },
                Schemas.Object(outputs)),
        };
        return Schemas.Object(new JsonObject { ["predictions"] = predictions }, required: ["predictions"]);
    }

    private static JsonObject DataframeSplit(ModelSignature signature)
    {
        var columns = new JsonArray();
        var types = new HashSet<string>(StringComparer.Ordinal);
        foreach (var (name, field) in Named(signature.Inputs))
        {
            columns.Add(name);
            types.Add(field.Type);
        }

        var cell = types.Count == 1 && !signature.IsTensorBased ? ColumnType(signature.Inputs[0].Type) : new JsonObject();
        var row = new JsonObject { ["type"] = "array", ["items"] = cell, ["description"] = $"One row: {Describe(signature.Inputs)}." };
        return Schemas.Object(new JsonObject
        {
            ["columns"] = new JsonObject
            {
                ["type"] = "array",
                ["items"] = new JsonObject { ["type"] = "string", ["enum"] = columns.DeepClone() },
                ["example"] = columns,
            },
            ["index"] = new JsonObject { ["type"] = "array", ["items"] = new JsonObject() },
            ["data"] = new JsonObject { ["type"] = "array", ["items"] = row },
        }, required: ["columns", "data"]);
    }

    private static JsonObject Records(ModelSignature signature) => new()
    {
        ["type"] = "array",
        ["items"] = Record(signature, rank: null),
    };

    /// <summary><c>inputs</c> of a column-based signature: column name to its values, or a list of records.</summary>
    private static JsonObject ColumnInputs(ModelSignature signature)
    {
        var columns = new JsonObject();
        foreach (var (name, field) in Named(signature.Inputs))
        {
            columns[name] = new JsonObject { ["type"] = "array", ["items"] = ColumnType(field.Type) };
        }

        return new JsonObject { ["oneOf"] = new JsonArray(Schemas.Object(columns), Records(signature)) };
    }

    /// <summary><c>instances</c> of tensors: one entry per row, each tensor without its batch dimension.</summary>
    private static JsonObject TensorInstances(ModelSignature signature) => new()
    {
        ["type"] = "array",
        ["items"] = SingleUnnamed(signature) is { } only
            ? Tensor(only, Math.Max(0, (only.Shape?.Count ?? 1) - 1), skipBatch: true)
            : Record(signature, rank: 1),
    };

    /// <summary><c>inputs</c> of tensors: the whole batch, as one nested list or an object of tensor name to nested list.</summary>
    private static JsonObject TensorInputs(ModelSignature signature) =>
        SingleUnnamed(signature) is { } only ? Tensor(only, only.Shape?.Count ?? 1) : Record(signature, rank: 0);

    /// <summary>An object of the inputs by name: column values, or tensors less <paramref name="rank"/> leading dimensions.</summary>
    private static JsonObject Record(ModelSignature signature, int? rank)
    {
        var properties = new JsonObject();
        var required = new List<string>();
        foreach (var (name, field) in Named(signature.Inputs))
        {
            properties[name] = field.Shape is null || rank is null
                ? ColumnType(field.Type)
                : Tensor(field, Math.Max(0, field.Shape.Count - rank.Value), skipBatch: rank.Value > 0);
            if (field.Required)
            {
                required.Add(name);
            }
        }

        return Schemas.Object(properties, required);
    }

    private static SignatureField? SingleUnnamed(ModelSignature signature) =>
        signature.Inputs.Count == 1 && string.IsNullOrEmpty(signature.Inputs[0].Name) ? signature.Inputs[0] : null;

    /// <summary>Nested lists <paramref name="depth"/> deep of the tensor's element type, sized where the shape fixes a size.</summary>
    private static JsonObject Tensor(SignatureField field, int depth, bool skipBatch = false)
    {
        var schema = TensorElement(field.Type);
        var shape = field.Shape ?? [];
        for (var level = depth - 1; level >= 0; level--)
        {
            var size = level + (skipBatch ? 1 : 0) < shape.Count ? shape[level + (skipBatch ? 1 : 0)] : -1;
            var array = new JsonObject { ["type"] = "array", ["items"] = schema };
            if (size > 0)
            {
                array["minItems"] = size;
                array["maxItems"] = size;
            }

            schema = array;
        }

        return schema;
    }

    /// <summary>An MLflow column type as JSON Schema.</summary>
    private static JsonObject ColumnType(string type) => type switch
    {
        "double" => Schemas.Typed("number", "double"),
        "float" => Schemas.Typed("number", "float"),
        "long" => Schemas.Typed("integer", "int64"),
        "integer" => Schemas.Typed("integer", "int32"),
        "boolean" => Schemas.Typed("boolean"),
        "string" => Schemas.Typed("string"),
        "binary" => Schemas.Typed("string", "byte"),
        "datetime" => Schemas.Typed("string", "date-time"),
        _ => new JsonObject { ["description"] = $"MLflow type {type}" },
    };

    /// <summary>A numpy dtype as JSON Schema.</summary>
    private static JsonObject TensorElement(string dtype) => dtype switch
    {
        "float64" => Schemas.Typed("number", "double"),
        "float32" or "float16" => Schemas.Typed("number", "float"),
        "int64" or "uint64" or "uint32" => Schemas.Typed("integer", "int64"),
        "int32" or "int16" or "int8" or "uint16" or "uint8" => Schemas.Typed("integer", "int32"),
        "bool" => Schemas.Typed("boolean"),
        "str" or "object" => Schemas.Typed("string"),
        "bytes" => Schemas.Typed("string", "byte"),
        _ => new JsonObject { ["description"] = $"numpy dtype {dtype}" },
    };

    private static IEnumerable<(string Name, SignatureField Field)> Named(IReadOnlyList<SignatureField> fields)
    {
        for (var i = 0; i < fields.Count; i++)
        {
            yield return (string.IsNullOrEmpty(fields[i].Name) ? i.ToString(System.Globalization.CultureInfo.InvariantCulture) : fields[i].Name!, fields[i]);
        }
    }

    private static string Describe(IReadOnlyList<SignatureField> fields) =>
        string.Join(", ", Named(fields).Select(static f => f.Field.Shape is { } shape
            ? $"{f.Name} ({f.Field.Type} [{string.Join(", ", shape)}])"
            : $"{f.Name} ({f.Field.Type})"));
}
