using Switchyard.Core.Errors;
using Switchyard.Core.Runtimes;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace Switchyard.Runtimes.Mlflow;

/// <summary>
/// What an MLflow <c>MLmodel</c> file says: its flavors (each a map of scalar settings such as
/// <c>data</c>) and its signature, when it has one. Reading it never loads the model.
/// </summary>
public sealed record MlModelFile(IReadOnlyDictionary<string, MlflowFlavor> Flavors, ModelSignature? Signature)
{
    public const string FileName = "MLmodel";

    /// <summary>Flavor names in file order, for messages.</summary>
    public string FlavorList => Flavors.Count == 0 ? "none" : string.Join(", ", Flavors.Keys);

    /// <summary>
    /// Reads <c>MLmodel</c> from an artifact folder. Throws <see cref="ServingException"/>
    /// (INVALID_PARAMETER_VALUE) naming what is missing or malformed.
    /// </summary>
    public static MlModelFile Read(string artifactDirectory)
    {
        if (!Directory.Exists(artifactDirectory))
        {
            throw ServingException.Invalid("the model artifact folder does not exist");
        }

        var path = Path.Combine(artifactDirectory, FileName);
        if (!File.Exists(path))
        {
            throw ServingException.Invalid("the model artifact folder has no MLmodel file");
        }

        YamlMappingNode root;
        try
        {
            using var reader = new StreamReader(path);
            var stream = new YamlStream();
            stream.Load(reader);
            root = stream.Documents.Count > 0 && stream.Documents[0].RootNode is YamlMappingNode mapping
                ? mapping
                : throw ServingException.Invalid("MLmodel is not a YAML mapping");
        }
        catch (YamlException e)
        {
            throw ServingException.Invalid($"MLmodel is not valid YAML: {e.Message}");
        }

        return new MlModelFile(ReadFlavors(root), ReadSignature(root));
    }

    private static Dictionary<string, MlflowFlavor> ReadFlavors(YamlMappingNode root)
    {
        var flavors = new Dictionary<string, MlflowFlavor>(StringComparer.Ordinal);
        if (!root.Children.TryGetValue(new YamlScalarNode("flavors"), out var node) || node is not YamlMappingNode flavorsNode)
        {
            return flavors;
        }

        foreach (var (key, value) in flavorsNode.Children)
        {
            if (key is not YamlScalarNode { Value: { } name })
            {
                continue;
            }

            var settings = new Dictionary<string, string?>(StringComparer.Ordinal);
            if (value is YamlMappingNode settingsNode)
            {
                foreach (var (settingKey, settingValue) in settingsNode.Children)
                {
                    if (settingKey is YamlScalarNode { Value: { } settingName } && settingValue is YamlScalarNode scalar)
                    {
                        settings[settingName] = IsNull(scalar) ? null : scalar.Value;
                    }
                }
            }

            flavors[name] = new MlflowFlavor(name, settings);
        }

        return flavors;
    }

    private static ModelSignature? ReadSignature(YamlMappingNode root)
    {
        if (!root.Children.TryGetValue(new YamlScalarNode("signature"), out var node) || node is not YamlMappingNode signature)
        {
            return null;
        }

        var inputs = ReadSchema(signature, "inputs");
        var outputs = ReadSchema(signature, "outputs");
        return new ModelSignature(inputs, outputs);
    }

    private static IReadOnlyList<SignatureField> ReadSchema(YamlMappingNode signature, string key)
    {
        if (!signature.Children.TryGetValue(new YamlScalarNode(key), out var node)
            || node is not YamlScalarNode scalar
            || IsNull(scalar)
            || string.IsNullOrWhiteSpace(scalar.Value))
        {
            return [];
        }

        return SignatureSchemaJson.Parse(scalar.Value, key);
    }

    // A plain "null" or "~" is YAML's null; a quoted 'null' is the string.
    private static bool IsNull(YamlScalarNode scalar) =>
        scalar.Style is ScalarStyle.Plain or ScalarStyle.Any
        && scalar.Value is null or "null" or "~" or "Null" or "NULL" or "";
}
