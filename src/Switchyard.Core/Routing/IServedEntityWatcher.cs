namespace Switchyard.Core.Routing;

/// <summary>
/// Told what happens to a served entity beyond any one request: a load that brings a deployed
/// entity back after scale to zero (a wake) or fails to, and any change of its deployment state.
/// Called on the thread that loads (a query's, for a wake): an implementation returns at once.
/// </summary>
public interface IServedEntityWatcher
{
    /// <summary>A deployed entity's model was loaded again (it had been scaled to zero, or its last load failed).</summary>
    void Woken(ServedEntity entity, TimeSpan took);

    /// <summary>Loading a deployed entity's model again failed; the query that asked for it is refused.</summary>
    void WakeFailed(ServedEntity entity, string reason);

    /// <summary>The entity's <see cref="ServedEntity.State"/> may have changed (a load ended).</summary>
    void StateChanged(ServedEntity entity);
}
