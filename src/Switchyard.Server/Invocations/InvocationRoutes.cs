using Switchyard.Core.Llm;
using Switchyard.Server.Invocations.Pipeline;

namespace Switchyard.Server.Invocations;

/// <summary>
/// The data plane: <c>/serving-endpoints/{name}/invocations</c> (the traffic split picks the
/// served entity), <c>…/served-models/{served}/invocations</c> (that one entity), and the
/// OpenAI-compatible <c>/serving-endpoints/chat/completions</c>, <c>/completions</c> and
/// <c>/embeddings</c> (the body's <c>model</c> names the endpoint). Each query runs through the
/// steps of <see cref="InvocationPipelines"/>; the chosen entity's driver answers it. The hot path
/// reads one routing snapshot, takes no lock and touches no database.
/// </summary>
public static class InvocationRoutes
{
    public static IEndpointRouteBuilder MapInvocations(this IEndpointRouteBuilder routes)
    {
        // Resolved once, on the first query: reaching services through context.RequestServices would
        // create (and dispose) a DI scope on every request, and resolving them while routes are
        // mapped would validate the options before start-up does.
        var pipelines = new Lazy<InvocationPipelines>(routes.ServiceProvider.GetRequiredService<InvocationPipelines>);
        routes.MapPost("/serving-endpoints/{name}/invocations", context =>
            pipelines.Value.RunByPathAsync(new Invocation(context) { EndpointName = (string)context.Request.RouteValues["name"]! }).AsTask());
        routes.MapPost("/serving-endpoints/{name}/served-models/{served}/invocations", context =>
            pipelines.Value.RunByPathAsync(new Invocation(context)
            {
                EndpointName = (string)context.Request.RouteValues["name"]!,
                ServedName = (string)context.Request.RouteValues["served"]!,
            }).AsTask());
        MapOpenAi(routes, pipelines, "/serving-endpoints/chat/completions", LlmTask.Chat);
        MapOpenAi(routes, pipelines, "/serving-endpoints/completions", LlmTask.Completions);
        MapOpenAi(routes, pipelines, "/serving-endpoints/embeddings", LlmTask.Embeddings);
        return routes;
    }

    private static void MapOpenAi(IEndpointRouteBuilder routes, Lazy<InvocationPipelines> pipelines, string path, LlmTask task) =>
        routes.MapPost(path, context => pipelines.Value.RunByModelFieldAsync(new Invocation(context) { RouteTask = task }).AsTask());
}
