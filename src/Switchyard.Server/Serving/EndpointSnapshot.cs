using Switchyard.Core.Endpoints;
using Switchyard.Core.Gateway;
using Switchyard.Core.Permissions;
using Switchyard.Core.Routing;
using Switchyard.Server.Gateway.Config;

namespace Switchyard.Server.Serving;

/// <summary>
/// One endpoint's whole state at one moment, never changed once published: the stored document,
/// the live routing, the rollout under way (or failed), and what the data plane acts on, derived
/// from the document once (its access rules, its gateway settings). Its owner replaces it with one
/// reference write; a reader takes one snapshot and answers from it alone, so no answer mixes two
/// moments of the endpoint.
/// </summary>
public sealed class EndpointSnapshot
{
    /// <param name="endpoint">The document as the store holds it after the change.</param>
    /// <param name="live">The routing of the config that serves; null until one does.</param>
    /// <param name="rollout">The entities of the pending config's rollout; null when none is built.</param>
    public EndpointSnapshot(ServingEndpoint endpoint, EndpointRoute? live, Rollout? rollout)
    {
        Endpoint = endpoint;
        Access = endpoint.Access;
        Gateway = AiGatewayConfigReader.FromStored(endpoint);
        // The data plane reads fallback from the route it holds: the route follows the document's
        // ai_gateway here, so no writer can publish one without the other.
        Live = live is not null && live.FallbackEnabled != Gateway.FallbackEnabled ? live.WithFallback(Gateway.FallbackEnabled) : live;
        Rollout = rollout;
    }

    public string Name => Endpoint.Name;

    /// <summary>The stored document: config, pending config, update state and failure, extras, permissions.</summary>
    public ServingEndpoint Endpoint { get; }

    /// <summary>The live routing, which every query reads; null until a config serves.</summary>
    public EndpointRoute? Live { get; }

    public Rollout? Rollout { get; }

    /// <summary>Who may do what, from the document's grants.</summary>
    public EndpointAccess Access { get; }

    public AiGatewayConfig Gateway { get; }

    /// <summary><c>state.ready</c>: true while a config serves and all its entities are deployed (a rollout under way does not change that).</summary>
    public bool IsReady
    {
        get
        {
            if (Endpoint.Config is null || Live is not { } live)
            {
                return false;
            }

            foreach (var entity in live.Entities)
            {
                if (entity.State != DeploymentState.Ready)
                {
                    return false;
                }
            }

            return true;
        }
    }
}
