using Switchyard.Core.Llm;

namespace Switchyard.Providers;

/// <summary>
/// The external providers this server serves: every registered <see cref="IExternalProvider"/>, by
/// name, in registration order. Two providers of one name are a start-up error naming it, since
/// either answer would be a guess.
/// </summary>
public sealed class ExternalProviderCatalog
{
    private readonly Dictionary<string, IExternalProvider> _byName = new(StringComparer.Ordinal);

    public ExternalProviderCatalog(IEnumerable<IExternalProvider> providers)
    {
        var all = new List<IExternalProvider>();
        foreach (var provider in providers)
        {
            if (!_byName.TryAdd(provider.Name, provider))
            {
                throw new InvalidOperationException(
                    $"External provider '{provider.Name}' is registered twice ({_byName[provider.Name].GetType().FullName} and {provider.GetType().FullName}).");
            }

            all.Add(provider);
        }

        All = all;
    }

    public IReadOnlyList<IExternalProvider> All { get; }

    /// <summary>The providers' names, for the message refusing an unknown one.</summary>
    public IEnumerable<string> Names => All.Select(p => p.Name);

    public bool TryGet(string? name, out IExternalProvider provider)
    {
        provider = null!;
        return name is not null && _byName.TryGetValue(name, out provider!);
    }

    /// <summary>
    /// Why <paramref name="provider"/> cannot serve <paramref name="task"/> for model
    /// <paramref name="model"/>, or null when it can.
    /// </summary>
    public static string? TaskRefusal(IExternalProvider provider, LlmTask task, string model) =>
        provider.Tasks.Contains(task)
            ? null
            : $"Provider '{provider.Name}' serves no {Noun(task)}; {model} cannot serve task '{task.ToWire()}'.";

    private static string Noun(LlmTask task) => task switch
    {
        LlmTask.Chat => "chat",
        LlmTask.Completions => "completions",
        _ => "embeddings",
    };
}
