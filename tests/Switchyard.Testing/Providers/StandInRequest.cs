using System.Text.Json.Nodes;

namespace Switchyard.Testing.Providers;

/// <summary>One request a provider stand-in received, for assertions: method, path, query, headers (names lower-case) and JSON body.</summary>
public sealed record StandInRequest(
    string Method,
    string Path,
    string Query,
    IReadOnlyDictionary<string, string> Headers,
    JsonObject? Body,
    string RawBody)
{
    public string? Header(string name) => Headers.TryGetValue(name.ToLowerInvariant(), out var value) ? value : null;
}
