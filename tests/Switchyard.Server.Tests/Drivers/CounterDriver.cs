using System.Globalization;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;
using Switchyard.Core.Endpoints;
using Switchyard.Core.Llm;
using Switchyard.Core.Logs;
using Switchyard.Core.Runtimes;
using Switchyard.Server.Drivers;
using Switchyard.Server.Invocations.Pipeline;

namespace Switchyard.Server.Tests.Drivers;

/// <summary>
/// A toy kind of served entity that lives only in this test assembly: <c>{"counter": {"step": 3}}</c>
/// serves a counter that answers each query with the next multiple of its step. It proves that a
/// kind is a driver and one registration: nothing in the server knows it.
/// </summary>
internal sealed class CounterDriver : IEntityDriver
{
    public const string KindName = "Counter";

    public string Kind => KindName;

    public string Description => "counters";

    public bool CountsTokens => false;

    public bool Claims(JsonObject declared) => declared["counter"] is not null;

    public Task<ServedEntityConfig?> ReadAsync(JsonObject declared, string path, EntityReadContext read, CancellationToken ct)
    {
        var before = read.Errors.Count;
        var name = JsonFields.String(declared, "name", path, read.Errors);
        var counter = JsonFields.Object(declared, "counter", path, read.Errors);
        var step = counter is null ? null : JsonFields.Integer(counter, "step", $"{path}.counter", read.Errors);
        if (counter is not null && step is not > 0)
        {
            read.Errors.Add($"{path}.counter.step is required: a whole number above 0.");
        }

        if (name is null)
        {
            read.Errors.Add($"{path}.name is required for a counter.");
        }

        read.CheckServedName(name, path);
        return Task.FromResult(read.Errors.Count > before
            ? null
            : new ServedEntityConfig(name!, KindName, "", "", 0, "", false, read.Creator.Name, read.Now, declared.DeepClone().AsObject()));
    }

    public int SlotsOf(ServedEntityConfig entity) => 2;

    public Task<Func<EntityLog, Task<IServedModel>>> CreateLoaderAsync(ServedEntityConfig entity, CancellationToken ct)
    {
        var step = (long)entity.Declared["counter"]!["step"]!;
        return Task.FromResult<Func<EntityLog, Task<IServedModel>>>(log =>
        {
            log.Write("Counting from zero.");
            return Task.FromResult<IServedModel>(new Counter(step));
        });
    }

    public string Describe(ServedEntityConfig entity) => $"a counter in steps of {entity.Declared["counter"]!["step"]}";

    public IReadOnlyList<LlmTask> TasksOf(ServedEntityConfig entity) => [];

    public void Summarize(ServedEntityConfig entity, JsonObject summary) => summary["counter"] = entity.Declared["counter"]!.DeepClone();

    public async ValueTask InvokeAsync(Invocation invocation)
    {
        using var turn = await invocation.Entity.EnterAsync(invocation.Context.RequestAborted);
        var next = ((Counter)turn.Model!).Next();
        invocation.Context.Response.ContentType = "application/json";
        await invocation.Context.Response.WriteAsync(
            string.Create(CultureInfo.InvariantCulture, $"{{\"predictions\": [{next}]}}"), invocation.Context.RequestAborted);
    }

    private sealed class Counter(long step) : IServedModel
    {
        private long _value;

        public long Next() => Interlocked.Add(ref _value, step);

        public void Dispose()
        {
        }
    }
}
