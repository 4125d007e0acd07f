using System.Globalization;
using Switchyard.Core.Errors;
using Switchyard.Core.Routing;

namespace Switchyard.Server.Invocations.Pipeline;

/// <summary>
/// Chooses the served entity: the one the path names; else, within the split of the first traffic
/// segment the request matches (the default routes when none does), on a sticky endpoint the one
/// owning the bucket of the request's unit key (the sticky header's value, else the body's
/// <c>client_request_id</c>), otherwise one the split picks at random by weight. The answer names
/// it in <c>served-model-name</c>, carries the config version in <c>x-config-version</c>, the
/// segment in <c>x-traffic-segment</c> when one matched and, when a unit key chose, its bucket in
/// <c>x-assignment-bucket</c>.
/// </summary>
public sealed class ChooseEntityStep : InvocationStep
{
    public const string ServedModelHeader = "served-model-name";
    public const string ConfigVersionHeader = "x-config-version";
    public const string AssignmentBucketHeader = "x-assignment-bucket";
    public const string SegmentHeader = "x-traffic-segment";

    public override ValueTask RunAsync(Invocation invocation)
    {
        var route = invocation.Route;
        invocation.Context.Response.Headers[ConfigVersionHeader] = route.ConfigVersionText;
        if (route.Segments.Length > 0 && invocation.ServedName is null)
        {
            ChooseSegment(invocation, route.Segments);
        }

        if (invocation.ServedName is not null || route.Sticky is not { } sticky)
        {
            return ChooseAsync(invocation, null);
        }

        var key = invocation.Context.Request.Headers[sticky.Header].ToString();
        if (key.Length > 0)
        {
            return ChooseAsync(invocation, key);
        }

        if (!invocation.Body.IsEmpty)
        {
            // The OpenAI-compatible paths read the body before the endpoint was known.
            return ChooseAsync(invocation, UnitKeys.ClientRequestId(invocation.Body.Span));
        }

        // The header is missing and the body not read yet (the invocations paths): the choice waits
        // for ChooseByBodyStep, right after the body is read.
        invocation.UnitKeyInBody = true;
        return NextAsync(invocation);
    }

    /// <summary>The first segment whose match the request meets takes it (its split, named in <c>x-traffic-segment</c>); else the default routes.</summary>
    private static void ChooseSegment(Invocation invocation, RoutedSegment[] segments)
    {
        var headers = invocation.Context.Request.Headers;
        foreach (var segment in segments)
        {
            var headerValue = segment.Match.Header is { } header && headers.TryGetValue(header, out var values) ? values.ToString() : null;
            if (segment.Match.Matches(headerValue, invocation.Caller.Groups))
            {
                invocation.Split = segment.Split;
                invocation.Context.Response.Headers[SegmentHeader] = segment.Name;
                return;
            }
        }
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
            entity = route.PickByUnit(unitKey, out var bucket, invocation.Split);
            invocation.UnitKey = unitKey;
            invocation.Context.Response.Headers[AssignmentBucketHeader] = bucket.ToString(CultureInfo.InvariantCulture);
        }
        else
        {
            entity = (invocation.Split ?? route.Default).Pick();
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
