using Switchyard.Core.Routing;

namespace Switchyard.Server.Serving;

/// <summary>
/// The entities built for an endpoint's pending config: kept while its rollout is under way, and
/// after it failed, so their states and build logs stay readable. It is always the rollout of the
/// pending config of the snapshot that holds it.
/// </summary>
public sealed record Rollout(long ConfigVersion, IReadOnlyList<ServedEntity> Entities)
{
    public ServedEntity? Find(string servedName)
    {
        foreach (var entity in Entities)
        {
            if (entity.Name == servedName)
            {
                return entity;
            }
        }

        return null;
    }
}
