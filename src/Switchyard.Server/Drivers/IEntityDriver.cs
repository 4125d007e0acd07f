using System.Text.Json.Nodes;
using Switchyard.Core.Endpoints;
using Switchyard.Core.Llm;
using Switchyard.Core.Logs;
using Switchyard.Core.Runtimes;
using Switchyard.Server.Invocations.Pipeline;

namespace Switchyard.Server.Drivers;

/// <summary>
/// One kind of served entity (a custom model, a foundation model, an external model), whole: it
/// recognises its entities in a config, reads and validates them, sizes their concurrency, builds
/// their loader and answers their invocations. Nothing else in the server tests an entity's kind;
/// adding a kind is a folder with a driver and one registration (<see cref="EntityDriverRegistration"/>).
/// </summary>
public interface IEntityDriver
{
    /// <summary>The kind's name, stored with each of its entities (<see cref="ServedEntityConfig.Kind"/>).</summary>
    string Kind { get; }

    /// <summary>The kind in the plural, for messages: "custom models".</summary>
    string Description { get; }

    /// <summary>
    /// True when a declared served entity is of this kind, told by its fields (external_model,
    /// a throughput band…). The custom-model driver claims whatever no other driver does.
    /// </summary>
    bool Claims(JsonObject declared);

    /// <summary>
    /// Reads one declared served entity at <paramref name="path"/>: every problem goes to
    /// <see cref="EntityReadContext.Errors"/> naming its field; null when there is any.
    /// </summary>
    Task<ServedEntityConfig?> ReadAsync(JsonObject declared, string path, EntityReadContext read, CancellationToken ct);

    /// <summary>
    /// True when an endpoint serving this kind may never serve another, nor another endpoint's
    /// kind turn into this one (external models: their endpoint's task and wire are fixed).
    /// </summary>
    bool EndpointKeepsKind => false;

    /// <summary>
    /// True when the kind's answers count tokens (LLMs), so a rate limit or budget in tokens can
    /// apply to it; false when it counts none (custom models: bytes in, bytes out), where such a
    /// rule is refused rather than left never to trip.
    /// </summary>
    bool CountsTokens { get; }

    /// <summary>Problems of the entities of one config taken together (for example: one task per endpoint).</summary>
    void CheckTogether(IReadOnlyList<ServedEntityConfig> entities, string listName, List<string> errors) { }

    /// <summary>How many requests one entity runs at once (the queue is a multiple of it).</summary>
    int SlotsOf(ServedEntityConfig entity);

    /// <summary>
    /// The entity's loader: called on its first load and again after scale to zero, writing its
    /// steps to the log it is given. Anything that must be looked up once (a registry version) is
    /// looked up here; a failure to find it is thrown by the loader, so the entity reports it.
    /// </summary>
    Task<Func<EntityLog, Task<IServedModel>>> CreateLoaderAsync(ServedEntityConfig entity, CancellationToken ct);

    /// <summary>What the entity serves, for its build log: "custom model c.s.m version 2".</summary>
    string Describe(ServedEntityConfig entity);

    /// <summary>The LLM tasks the entity answers (the first is the endpoint's task); none for a custom model.</summary>
    IReadOnlyList<LlmTask> TasksOf(ServedEntityConfig entity);

    /// <summary>Adds what the entity serves to its summary in the endpoint list (the SDK's ServedEntitySpec).</summary>
    void Summarize(ServedEntityConfig entity, JsonObject summary);

    /// <summary>Answers one invocation of the entity the split (or the path) chose.</summary>
    ValueTask InvokeAsync(Invocation invocation);
}
