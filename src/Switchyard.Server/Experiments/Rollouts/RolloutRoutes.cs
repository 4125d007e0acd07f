using Microsoft.Extensions.DependencyInjection.Extensions;
using Switchyard.Core.Experiments;
using Switchyard.Server.Endpoints;
using Switchyard.Server.Http;
using Switchyard.Storage.Sql;
using Switchyard.Storage.Sqlite;
using Switchyard.Storage.Stores;

namespace Switchyard.Server.Experiments.Rollouts;

/// <summary>
/// Progressive rollouts (ours): <c>POST /api/2.0/serving-endpoints/{name}/rollout</c> starts one
/// (CAN_MANAGE), <c>GET …/rollout</c> shows it (CAN_VIEW), <c>POST …/rollout/abort</c> stops it and
/// restores its baseline, <c>POST …/rollout/resume</c> takes a paused one up again (CAN_MANAGE).
/// </summary>
public static class RolloutRoutes
{
    public static IServiceCollection AddRollouts(this IServiceCollection services)
    {
        services.TryAddSingleton<IRolloutStore>(static sp =>
            new SqlRolloutStore(sp.GetRequiredService<SqlDatabase>(), sp.GetRequiredService<TimeProvider>()));
        // A feedback store, when one is registered, replaces this: until then feedback gates are inconclusive.
        services.TryAddSingleton<IRolloutFeedback, CapturedRolloutFeedback>();
        services.TryAddSingleton<RolloutWindow>();
        services.TryAddSingleton<RolloutController>();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IHostedService, RolloutController>(static sp => sp.GetRequiredService<RolloutController>()));
        return services;
    }

    public static RouteGroupBuilder MapRollouts(this RouteGroupBuilder group)
    {
        group.MapPost("/{name}/rollout", StartAsync);
        group.MapGet("/{name}/rollout", GetAsync);
        group.MapPost("/{name}/rollout/abort", AbortAsync);
        group.MapPost("/{name}/rollout/resume", ResumeAsync);
        return group;
    }

    private static async Task<IResult> StartAsync(string name, HttpContext context, RolloutController rollouts)
    {
        var body = await JsonBody.ReadObjectAsync(context.Request, context.RequestAborted);
        return EndpointRoutes.Json(await rollouts.StartRolloutAsync(name, body, Caller.Of(context), context.RequestAborted));
    }

    private static async Task<IResult> GetAsync(string name, HttpContext context, RolloutController rollouts) =>
        EndpointRoutes.Json(await rollouts.GetAsync(name, Caller.Of(context), context.RequestAborted));

    private static async Task<IResult> AbortAsync(string name, HttpContext context, RolloutController rollouts) =>
        EndpointRoutes.Json(await rollouts.AbortAsync(name, Caller.Of(context), context.RequestAborted));

    private static async Task<IResult> ResumeAsync(string name, HttpContext context, RolloutController rollouts) =>
        EndpointRoutes.Json(await rollouts.ResumeAsync(name, Caller.Of(context), context.RequestAborted));
}
