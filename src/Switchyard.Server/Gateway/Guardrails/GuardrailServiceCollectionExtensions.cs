using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Switchyard.Server.Hosting;

namespace Switchyard.Server.Gateway.Guardrails;

/// <summary>The guardrails' services: the safety list (the built-in one, or <see cref="ServingOptions.SafetyListPath"/>) and the guard compiler.</summary>
public static class GuardrailServiceCollectionExtensions
{
    public static IServiceCollection AddGuardrails(this IServiceCollection services)
    {
        services.TryAddSingleton(static sp =>
            sp.GetRequiredService<IOptions<ServingOptions>>().Value.SafetyListPath is { Length: > 0 } path
                ? SafetyList.FromFile(path)
                : SafetyList.Builtin());
        services.TryAddSingleton<GuardrailCompiler>();
        return services;
    }
}
