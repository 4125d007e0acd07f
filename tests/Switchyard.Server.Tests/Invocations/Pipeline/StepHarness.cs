using System.Text;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;
using Switchyard.Core.Endpoints;
using Switchyard.Core.Identity;
using Switchyard.Core.Permissions;
using Switchyard.Core.Routing;
using Switchyard.Server.Http;
using Switchyard.Server.Invocations.Pipeline;

namespace Switchyard.Server.Tests.Invocations.Pipeline;

/// <summary>
/// Runs one step in isolation: a real <see cref="DefaultHttpContext"/> with a caller and a body,
/// the step chained to a last step that records whether the query reached it.
/// </summary>
internal sealed class StepHarness
{
    public static readonly CallerIdentity Alice = new("1", PrincipalKind.User, "alice", "Alice", new HashSet<string> { "analysts" });

    private readonly ReachedStep _end = new();

    /// <param name="servedName">The served entity the path pins, if any.</param>
    public StepHarness(CallerIdentity? caller = null, byte[]? body = null, string? servedName = null)
    {
        Context.Response.Body = Answer;
        Context.Request.Body = new MemoryStream(body ?? "{}"u8.ToArray());
        Context.Request.ContentLength = Context.Request.Body.Length;
        Caller.Set(Context, caller ?? Alice);
        Invocation = new Invocation(Context) { EndpointName = "e", ServedName = servedName };
    }

    public DefaultHttpContext Context { get; } = new();

    public MemoryStream Answer { get; } = new();

    public Invocation Invocation { get; }

    /// <summary>True when the step handed the query on.</summary>
    public bool Reached => _end.Reached;

    public async Task RunAsync(InvocationStep step)
    {
        InvocationStep.Chain([step, _end]);
        await step.RunAsync(Invocation);
        await Context.Response.BodyWriter.FlushAsync();
    }

    /// <summary>The error answer the step wrote, as JSON.</summary>
    public JsonObject Error() => JsonNode.Parse(Encoding.UTF8.GetString(Answer.ToArray()))!.AsObject();

    public static ServedEntity Entity(string name) => new(
        new ServedEntityConfig(name, "CustomModel", "c.s.m", "1", 1, "Small", false, "me", 0, new JsonObject()),
        static _ => throw new InvalidOperationException("not loaded in these tests"), 4, 16, TimeProvider.System);

    public static EndpointRoute Route(params (string Name, int Percent)[] entities) =>
        new("e", 1, [.. entities.Select(e => Entity(e.Name))], [.. entities.Select(e => new TrafficRoute(e.Name, e.Percent))]);

    public static EndpointAccess GrantedTo(string principal, PermissionLevel level, AclPrincipalType type = AclPrincipalType.User) =>
        new("bob", [new AccessControlEntry(type, principal, level)]);

    private sealed class ReachedStep : InvocationStep
    {
        public bool Reached { get; private set; }

        public override ValueTask RunAsync(Invocation invocation)
        {
            Reached = true;
            return ValueTask.CompletedTask;
        }
    }
}
