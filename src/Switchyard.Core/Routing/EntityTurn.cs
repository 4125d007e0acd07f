using Switchyard.Core.Runtimes;

namespace Switchyard.Core.Routing;

/// <summary>
/// One request's turn on a served entity: the model to run, held (with the entity's concurrency
/// slot) until the turn is disposed. A refused turn has no model and says why in
/// <see cref="Refusal"/>. A struct, so that the custom-model hot path allocates nothing for it.
/// </summary>
public readonly struct EntityTurn : IDisposable
{
    private readonly ServedEntity? _entity;
    private readonly LoadedModelLease? _lease;

    internal EntityTurn(ServedEntity entity, LoadedModelLease lease)
    {
        _entity = entity;
        _lease = lease;
    }

    private EntityTurn(ScoreResult refusal) => Refusal = refusal;

    /// <summary>The loaded model, or null when the turn was refused.</summary>
    public IServedModel? Model => _lease?.Model;

    /// <summary>Why the turn was refused (REQUEST_LIMIT_EXCEEDED, TEMPORARILY_UNAVAILABLE).</summary>
    public ScoreResult Refusal { get; }

    internal static EntityTurn Refused(ScoreResult refusal) => new(refusal);

    public void Dispose()
    {
        if (_lease is not null)
        {
            _lease.Release();
            _entity!.Leave();
        }
    }
}
