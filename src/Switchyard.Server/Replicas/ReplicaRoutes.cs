using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Switchyard.Core.Replicas;
using Switchyard.Server.Hosting;
using Switchyard.Server.Http;
using Switchyard.Server.Serving;
using Switchyard.Storage.Postgres;
using Switchyard.Storage.Sql;
using Switchyard.Storage.Stores;

namespace Switchyard.Server.Replicas;

/// <summary>
/// The replicas' services, and <c>GET /api/2.0/switchyard/replicas</c> (ours, admins only): every live
/// replica with, per endpoint, the config version it serves and what it did with the latest
/// rollout. This replica answers for itself from memory; the others from their reports.
/// On SQLite the list is this replica alone.
/// </summary>
public static class ReplicaRoutes
{
    public const string Path = "/api/2.0/switchyard/replicas";

    public static IServiceCollection AddReplicas(this IServiceCollection services)
    {
        services.TryAddSingleton<IReplicaStore>(static sp => new SqlReplicaStore(sp.GetRequiredService<SqlDatabase>()));
        services.TryAddSingleton<IChangeSignal>(static sp =>
        {
            var name = sp.GetRequiredService<IOptions<ServingOptions>>().Value.ReplicaNameOrDefault;
            return sp.GetRequiredService<SqlDatabase>() is PostgresDatabase shared
                ? new PostgresChangeSignal(shared, name, sp.GetRequiredService<ILogger<PostgresChangeSignal>>())
                : new LocalChangeSignal(name);
        });
        services.TryAddSingleton<IRolloutQuorum>(static sp => Shared(sp)
            ? new SharedRolloutQuorum(sp.GetRequiredService<IReplicaStore>(), sp.GetRequiredService<IChangeSignal>())
            : new LocalRolloutQuorum());
        services.AddHostedService<EndpointFollower>();
        services.AddHostedService<IdentityFollower>();
        // The signal listens and the heartbeat beats only where there are others to hear them.
        services.AddSingleton<IHostedService>(static sp => sp.GetRequiredService<IChangeSignal>() as PostgresChangeSignal ?? (IHostedService)new Idle());
        services.AddSingleton<IHostedService>(static sp => Shared(sp)
            ? ActivatorUtilities.CreateInstance<ReplicaHeartbeat>(sp)
            : new Idle());
        return services;
    }

    public static IEndpointRouteBuilder MapReplicas(this IEndpointRouteBuilder routes)
    {
        routes.MapGet(Path, GetAsync);
        return routes;
    }

    private static async Task<IResult> GetAsync(
        HttpContext context, IChangeSignal signal, IReplicaStore store, SqlDatabase database, EndpointDirectory directory)
    {
        Caller.RequireAdmin(context, "list the replicas");
        var replicas = new JsonArray { Replica(signal.ReplicaName, urls: null, seenMsAgo: 0, self: true, Own(directory)) };
        if (database is PostgresDatabase)
        {
            var (live, now) = await store.LiveAsync(ReplicaLiveness.Window, context.RequestAborted);
            var reports = await store.AllReportsAsync(context.RequestAborted);
            replicas = [];
            foreach (var replica in live)
            {
                var self = replica.Name == signal.ReplicaName;
                var endpoints = self ? Own(directory) : Reported(reports, replica.Name);
                replicas.Add(Replica(replica.Name, replica.Urls, now - replica.SeenAt, self, endpoints));
            }
        }

        return Results.Text(new JsonObject { ["replicas"] = replicas }.ToJsonString(), "application/json");
    }

    private static JsonObject Replica(string name, string? urls, long seenMsAgo, bool self, JsonArray endpoints) => new()
    {
        ["name"] = name,
        ["urls"] = urls,
        ["last_seen_ms_ago"] = seenMsAgo,
        ["self"] = self,
        ["endpoints"] = endpoints,
    };

    /// <summary>This replica's endpoints as it holds them now.</summary>
    private static JsonArray Own(EndpointDirectory directory)
    {
        var endpoints = new JsonArray();
        foreach (var snapshot in directory.List())
        {
            endpoints.Add(new JsonObject
            {
                ["name"] = snapshot.Name,
                ["serving_config_version"] = snapshot.Live?.ConfigVersion,
                ["config_update"] = snapshot.Endpoint.ConfigUpdate.ToString(),
                ["pending_config_version"] = snapshot.Endpoint.PendingConfig?.ConfigVersion,
            });
        }

        return endpoints;
    }

    /// <summary>Another replica's endpoints as its reports show them.</summary>
    private static JsonArray Reported(IReadOnlyList<ReplicaEndpointState> reports, string replica)
    {
        var byEndpoint = new SortedDictionary<string, JsonObject>(StringComparer.Ordinal);
        foreach (var report in reports)
        {
            if (report.Replica != replica)
            {
                continue;
            }

            if (!byEndpoint.TryGetValue(report.Endpoint, out var row))
            {
                byEndpoint[report.Endpoint] = row = new JsonObject { ["name"] = report.Endpoint };
            }

            if (report.State == ReplicaRolloutState.Serving)
            {
                row["serving_config_version"] = report.ConfigVersion;
            }
            else
            {
                row["rollout_config_version"] = report.ConfigVersion;
                row["rollout_state"] = report.State == ReplicaRolloutState.Prepared ? "PREPARED" : "FAILED";
                row["rollout_failure"] = report.Failure;
            }
        }

        return [.. byEndpoint.Values];
    }

    private static bool Shared(IServiceProvider services) => services.GetRequiredService<SqlDatabase>() is PostgresDatabase;

    /// <summary>Stands in for a replica-only service on one machine.</summary>
    private sealed class Idle : IHostedService
    {
        public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

        public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    }
}
