using System.Text.Json.Serialization;
using Switchyard.Core.Endpoints;

namespace Switchyard.Storage.Stores;

/// <summary>Source-generated JSON for the documents the stores keep in their tables.</summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower,
    UseStringEnumConverter = true,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(ServingEndpoint))]
[JsonSerializable(typeof(EndpointConfig))]
internal sealed partial class StoredJsonContext : JsonSerializerContext;
