using System.Text.Json.Nodes;
using Switchyard.Core.Endpoints;
using Switchyard.Core.Errors;
using Switchyard.Providers.Http;
using Switchyard.Providers.Schema;

namespace Switchyard.Providers;

/// <summary>
/// What a provider needs to build its model: the spec, its config block (and the block's path for
/// messages), the key reader and the HTTP client. Fields are read through their
/// <see cref="ProviderField"/>, so each name is written once, in the provider's schema.
/// </summary>
public sealed record ProviderContext(ExternalModelSpec Spec, JsonObject Config, string Path, ProviderKeys Keys, ProviderHttp Http)
{
    /// <summary>The plain string <paramref name="field"/>, or null when absent or empty.</summary>
    public string? Text(ProviderField field) => field.TextIn(Config) is { Length: > 0 } value ? value : null;

    /// <summary>
    /// A plain string the block must have (a region, a project), refused with its full path when
    /// absent or empty. The config was checked when it was read; this guards a block built otherwise.
    /// </summary>
    public string RequiredText(ProviderField field) =>
        Text(field) ?? throw ServingException.Invalid($"{Path}.{field.Name} is required.");

    /// <summary>The key <paramref name="field"/>, resolved with the config creator's rights; it must be given.</summary>
    public Task<string> KeyAsync(ProviderField field, CancellationToken ct) => Keys.RequiredAsync(Config, field.Name, Path, ct);

    /// <summary>The key <paramref name="field"/>, resolved as <see cref="KeyAsync"/> does, or null when neither it nor its twin is given.</summary>
    public Task<string?> OptionalKeyAsync(ProviderField field, CancellationToken ct) => Keys.OptionalAsync(Config, field.Name, Path, ct);

    /// <summary>The nested block <paramref name="field"/> as a context of its own (its path under this one), or null when absent.</summary>
    public ProviderContext? Inner(ProviderField field) =>
        Config[field.Name] is JsonObject inner ? this with { Config = inner, Path = $"{Path}.{field.Name}" } : null;
}
