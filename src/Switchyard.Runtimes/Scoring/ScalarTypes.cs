namespace Switchyard.Runtimes.Scoring;

/// <summary>Maps MLflow column types and tensor dtypes to the JSON scalar they accept.</summary>
public static class ScalarTypes
{
    /// <summary>False for types a numeric tensor cannot carry (string, binary, datetime…).</summary>
    public static bool TryGetKind(string mlflowType, out ScalarKind kind)
    {
        switch (mlflowType)
        {
            case "double" or "float" or "float32" or "float64" or "float16":
                kind = ScalarKind.Floating;
                return true;
            case "long" or "integer" or "int8" or "int16" or "int32" or "int64" or "uint8" or "uint16" or "uint32" or "uint64":
                kind = ScalarKind.Integer;
                return true;
            case "boolean" or "bool":
                kind = ScalarKind.Boolean;
                return true;
            default:
                kind = default;
                return false;
        }
    }
}
