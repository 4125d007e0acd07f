using System.Text.Json.Serialization;

namespace Switchyard.Server.Http;

/// <summary>Source-generated JSON metadata for the server's small fixed answers.</summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(HealthAnswer))]
[JsonSerializable(typeof(Hosting.HostMetadata))]
internal sealed partial class ServerJsonContext : JsonSerializerContext;

/// <summary>A probe's answer: its status, and for a replica not ready the endpoints it waits for.</summary>
internal sealed record HealthAnswer(string Status, IReadOnlyList<string>? WaitingFor = null);
