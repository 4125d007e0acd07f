using Switchyard.Core.Endpoints;
using Switchyard.Core.Llm;

namespace Switchyard.Providers;

/// <summary>Builds external-model clients, one adapter per provider.</summary>
public sealed class ExternalModelFactory : IExternalModelFactory
{
    public Task<IGenerativeModel> CreateAsync(ServedEntityConfig entity, CancellationToken ct) =>
        throw new NotSupportedException($"Provider '{entity.External?.Provider}' is not served yet.");
}
