using System.Globalization;
using Switchyard.Core.Errors;
using Switchyard.Core.Routing;

namespace Switchyard.Server.Invocations.Pipeline;

/// <summary>
/// Chooses the served entity: the one the path names; on a sticky endpoint the one owning the
/// bucket of the request's unit key (the sticky header's value, else the body's
/// <c>client_request_id</c>); else one the traffic split picks at random by weight. The answer
/// names it in <c>served-model-name</c>, carries the config version in <c>x-config-version</c> and,
/// when a unit key chose, its bucket in <c>x-assignment-bucket</c>.
/// </summary>
public sealed class ChooseEntityStep : InvocationStep
{
    public const string ServedModelHeader = "served-model-name";
    public const string ConfigVersionHeader = "x-config-version";
    public const string AssignmentBucketHeader = "x-assignment-bucket";

    public override ValueTask RunAsync(Invocation invocation)
    {
        var route = invocation.Route;
        invocation.Context.Response.Headers[ConfigVersionHeader] = route.ConfigVersionText;
        if (invocation.ServedName is not null || route.Sticky is not { } sticky)
        {
            return ChooseAsync(invocation, null);
        }

        var key = invocation.Context.Request.Headers[sticky.Header].ToString();
        if (key.Length > 0)
        {
            return ChooseAsync(invocation, key);
        }

        if (invocation.ParsedBody is { } parsed)
        {
            return ChooseAsync(invocation, UnitKeys.ClientRequestId(parsed));
        }

        // The header is missing and the body not read yet (the invocations paths): the choice waits
        // for ChooseByBodyStep, right after the body is read.
        invocation.UnitKeyInBody = true;
        return NextAsync(invocation);
    }

    private ValueTask ChooseAsync(Invocation invocation, string? unitKey) =>
        TryChoose(invocation, unitKey, out var refusal) ? NextAsync(invocation) : refusal;

    /// <summary>Chooses by the unit key when there is one (a sticky endpoint), else by path or at random; false with the refusal when nothing can answer.</summary>
    internal static bool TryChoose(Invocation invocation, string? unitKey, out ValueTask refusal)
    {
        var route = invocation.Route;
        ServedEntity? entity;
        if (invocation.ServedName is { } served)
        {
            entity = route.Find(served);
        }
        else if (unitKey is not null)
        {
            entity = route.PickByUnit(unitKey, out var bucket);
            invocation.UnitKey = unitKey;
            invocation.Context.Response.Headers[AssignmentBucketHeader] = bucket.ToString(CultureInfo.InvariantCulture);
        }
        else
        {
            entity = route.Pick();
        }

        if (entity is null)
        {
            refusal = invocation.FailAsync(ErrorCode.ResourceDoesNotExist, invocation.ServedName is null
                ? $"Endpoint {route.EndpointName} routes no traffic to any served entity."
                : $"Endpoint {route.EndpointName} has no served entity named {invocation.ServedName}.");
            return false;
        }

        invocation.Entity = entity;
        invocation.Context.Response.Headers[ServedModelHeader] = entity.Name;
        refusal = default;
        return true;
    }
}
