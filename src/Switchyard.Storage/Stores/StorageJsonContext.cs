using System.Text.Json.Serialization;
using Switchyard.Core.Runtimes;

namespace Switchyard.Storage.Stores;

/// <summary>Source-generated JSON for values the stores keep in a TEXT column.</summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(ModelSignature))]
[JsonSerializable(typeof(FoundationModelDetails))]
[JsonSerializable(typeof(Dictionary<string, string>))]
internal sealed partial class StorageJsonContext : JsonSerializerContext;
