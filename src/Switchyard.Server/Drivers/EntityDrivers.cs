using System.Collections.Frozen;
using Switchyard.Core.Endpoints;

namespace Switchyard.Server.Drivers;

/// <summary>
/// Every registered entity driver, looked up by kind (a frozen map: the data plane asks once per
/// request) or by what a declared entity looks like. Drivers are asked in registration order;
/// the custom-model driver, which claims anything, is asked last.
/// </summary>
public sealed class EntityDrivers
{
    private readonly IEntityDriver[] _claimOrder;
    private readonly FrozenDictionary<string, IEntityDriver> _byKind;

    public EntityDrivers(IEnumerable<IEntityDriver> drivers)
    {
        var all = drivers.ToList();
        _claimOrder = [.. all.Where(d => d is not CustomModels.CustomModelDriver), .. all.Where(d => d is CustomModels.CustomModelDriver)];
        _byKind = all.ToFrozenDictionary(d => d.Kind, StringComparer.Ordinal);
    }

    public IReadOnlyList<IEntityDriver> All => _claimOrder;

    /// <summary>The driver of a stored or live entity.</summary>
    public IEntityDriver For(ServedEntityConfig entity) => For(entity.Kind);

    public IEntityDriver For(string kind) =>
        _byKind.TryGetValue(kind, out var driver)
            ? driver
            : throw new InvalidOperationException($"No entity driver serves served entities of kind '{kind}'; is its driver registered?");

    /// <summary>The driver whose kind a declared entity is: the first that claims it.</summary>
    public IEntityDriver Claiming(System.Text.Json.Nodes.JsonObject declared)
    {
        foreach (var driver in _claimOrder)
        {
            if (driver.Claims(declared))
            {
                return driver;
            }
        }

        throw new InvalidOperationException("No entity driver claims this served entity; the custom-model driver should claim any.");
    }
}
