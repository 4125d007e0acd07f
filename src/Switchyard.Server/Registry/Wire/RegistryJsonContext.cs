using System.Text.Json.Serialization;

namespace Switchyard.Server.Registry.Wire;

/// <summary>Source-generated JSON for the registry's answers (snake_case, nulls left out).</summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(RegisteredModelInfo))]
[JsonSerializable(typeof(RegisteredModelAlias))]
[JsonSerializable(typeof(ModelVersionInfo))]
[JsonSerializable(typeof(RegisteredModelList))]
[JsonSerializable(typeof(ModelVersionList))]
[JsonSerializable(typeof(EmptyAnswer))]
[JsonSerializable(typeof(CatalogInfo))]
[JsonSerializable(typeof(SchemaInfo))]
[JsonSerializable(typeof(CatalogList))]
[JsonSerializable(typeof(SchemaList))]
internal sealed partial class RegistryJsonContext : JsonSerializerContext;
