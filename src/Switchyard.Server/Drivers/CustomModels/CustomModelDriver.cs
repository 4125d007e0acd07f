using System.Diagnostics;
using System.Runtime.CompilerServices;
using System.Text;
using System.Text.Json.Nodes;
using Switchyard.Core.Buffers;
using Switchyard.Core.Endpoints;
using Switchyard.Core.Errors;
using Switchyard.Core.Llm;
using Switchyard.Core.Logs;
using Switchyard.Core.Routing;
using Switchyard.Core.Runtimes;
using Switchyard.Server.Gateway.Guardrails;
using Switchyard.Server.Http;
using Switchyard.Server.Invocations.Pipeline;

namespace Switchyard.Server.Drivers.CustomModels;

/// <summary>
/// Custom models: a registered model version run by its flavor's runtime (ONNX), sized by
/// workload size or by a provisioned concurrency range, answering MLflow scoring requests
/// bytes in, bytes out. It claims every entity no other driver claims.
/// </summary>
public sealed class CustomModelDriver(RegistryLoader loader) : IEntityDriver
{
    /// <summary>The stored kind of custom-model entities.</summary>
    public const string KindName = "CustomModel";

    public string Kind => KindName;

    public string Description => "custom models";

    public bool CountsTokens => false;

    public bool Claims(JsonObject declared) => true;

    public async Task<ServedEntityConfig?> ReadAsync(JsonObject declared, string path, EntityReadContext read, CancellationToken ct)
    {
        var errors = read.Errors;
        var before = errors.Count;
        // The legacy served_models list names its fields model_name / model_version.
        var legacy = path.StartsWith("served_models", StringComparison.Ordinal);
        var nameField = legacy ? "model_name" : "entity_name";
        var versionField = legacy ? "model_version" : "entity_version";
        var entityName = JsonFields.String(declared, nameField, path, errors);
        var entityVersion = JsonFields.StringOrInteger(declared, versionField, path, errors);
        var scaleToZero = JsonFields.Bool(declared, "scale_to_zero_enabled", path, errors) ?? false;
        // A concurrency range replaces the workload size (and the two together are refused).
        var sizedByConcurrency = ConcurrencyRange.IsGiven(declared);
        var concurrency = ConcurrencyRange.Read(declared, path, scaleToZero, errors);
        var workloadSize = sizedByConcurrency ? "" : JsonFields.String(declared, "workload_size", path, errors) ?? WorkloadSize.Small;
        var name = JsonFields.String(declared, "name", path, errors);
        read.CheckWorkloadType(declared, path);
        read.CheckBurstScaling(declared, path);
        read.CheckInstanceProfile(declared, path);
        await EnvironmentVariables.CheckAsync(declared, path, read, ct);
        DynamicBatching.Read(declared, path, errors);

        if (!sizedByConcurrency && !WorkloadSize.TryGetConcurrency(workloadSize, out _))
        {
            errors.Add($"{path}.workload_size '{workloadSize}' is not one of Small, Medium, Large.");
        }

        if (string.IsNullOrEmpty(entityName))
        {
            errors.Add($"{path}.{nameField} is required: the registered model to serve, as catalog.schema.model.");
        }

        if (string.IsNullOrEmpty(entityVersion))
        {
            errors.Add($"{path}.{versionField} is required: a version number or an alias.");
        }

        read.CheckServedName(name, path);

        if (errors.Count > before)
        {
            return null;
        }

        var resolved = await read.ResolveVersionAsync(entityName!, entityVersion!, path, ct);
        if (resolved is null)
        {
            return null;
        }

        name ??= $"{resolved.Value.Model.Name}-{entityVersion}";
        var normalised = declared.DeepClone().AsObject();
        if (legacy)
        {
            normalised.Remove("model_name");
            normalised.Remove("model_version");
            normalised["entity_name"] = entityName;
            normalised["entity_version"] = entityVersion;
        }

        normalised["name"] = name;
        normalised["entity_version"] = entityVersion;
        if (!sizedByConcurrency)
        {
            normalised["workload_size"] = workloadSize;
        }

        normalised["scale_to_zero_enabled"] = scaleToZero;
        normalised["workload_type"] ??= "CPU";
        return new ServedEntityConfig(
            name, KindName, resolved.Value.Model.FullName, entityVersion!, resolved.Value.Version.Version,
            workloadSize, scaleToZero, read.Creator.Name, read.Now, normalised, Concurrency: concurrency);
    }

    /// <summary>
    /// By max_provisioned_concurrency when given, otherwise by workload size. With dynamic batching
    /// that many model runs go at once, each up to max_batch_size rows, so as many more queries are let in.
    /// </summary>
    public int SlotsOf(ServedEntityConfig entity) => WorkloadSize.ConcurrencyOf(entity) * (entity.Batching?.MaxBatchSize ?? 1);

    public Task<Func<EntityLog, Task<IServedModel>>> CreateLoaderAsync(ServedEntityConfig entity, CancellationToken ct) =>
        loader.CreateAsync(entity, ct);

    public string Describe(ServedEntityConfig entity) => $"custom model {entity.EntityName} version {entity.ResolvedVersion}";

    public IReadOnlyList<LlmTask> TasksOf(ServedEntityConfig entity) => [];

    public void Summarize(ServedEntityConfig entity, JsonObject summary)
    {
        summary["entity_name"] = entity.EntityName;
        summary["entity_version"] = entity.EntityVersion;
    }

    /// <summary>
    /// Scores an MLflow request: bytes in, bytes out, bad input as a value. The OpenAI-compatible
    /// surface is for LLMs only, and says where to go instead.
    /// </summary>
    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder))]
    public async ValueTask InvokeAsync(Invocation invocation)
    {
        var context = invocation.Context;
        if (invocation.RouteTask is not null)
        {
            var endpoint = invocation.Route.EndpointName;
            throw ServingException.Invalid($"Endpoint {endpoint} serves custom models; query it on /serving-endpoints/{endpoint}/invocations.");
        }

        using var answer = new PooledBufferWriter();
        var result = await ScoreAsync(invocation.Entity, invocation.Body, answer, context.RequestAborted);
        if (!result.Succeeded)
        {
            var retry = result.Error is ErrorCode.RequestLimitExceeded or ErrorCode.TemporarilyUnavailable ? 1 : (int?)null;
            await invocation.FailAsync(result.Error!.Value, result.Message ?? "Scoring failed.", retry);
            return;
        }

        if (invocation.OutputGuard is { } guard)
        {
            await WriteGuardedAsync(invocation, guard, answer.WrittenMemory);
            return;
        }

        await WriteAnswerAsync(invocation, answer.WrittenMemory);
    }

    /// <summary>The answer through the endpoint's output guardrails: every string of the predictions checked, masked or refused.</summary>
    private static async Task WriteGuardedAsync(Invocation invocation, Guard guard, ReadOnlyMemory<byte> answer)
    {
        using var masked = new PooledBufferWriter(answer.Length + 64);
        if (guard.RewriteJson(answer.Span, JsonTexts.AllStrings, masked, out var rewritten) is { } refusal)
        {
            await invocation.FailAsync(ErrorCode.BadRequest, refusal.Message);
            return;
        }

        await WriteAnswerAsync(invocation, rewritten ? masked.WrittenMemory : answer);
    }

    private static ValueTask WriteAnswerAsync(Invocation invocation, ReadOnlyMemory<byte> answer)
    {
        var context = invocation.Context;
        invocation.FirstByteTimestamp = Stopwatch.GetTimestamp();
        if (invocation.KeepAnswer)
        {
            invocation.Answer = Encoding.UTF8.GetString(answer.Span);
        }

        context.Response.ContentType = "application/json";
        context.Response.ContentLength = answer.Length;
        return context.Response.Body.WriteAsync(answer, context.RequestAborted);
    }

    /// <summary>Takes a turn on the entity (a struct: nothing allocated for it), scores, and notes a failure in the entity's log.</summary>
    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder<>))]
    private static async ValueTask<ScoreResult> ScoreAsync(ServedEntity entity, ReadOnlyMemory<byte> request, PooledBufferWriter answer, CancellationToken ct)
    {
        using var turn = await entity.EnterAsync(ct);
        if (turn.Model is null)
        {
            return turn.Refusal;
        }

        // A model run holds its thread for as long as it takes: never a socket thread (inline completions).
        await OffSocketThread.Move();
        // This driver's loader built the model, so it is a scoring model.
        var result = await ((ILoadedModel)turn.Model).ScoreAsync(request, answer);
        if (!result.Succeeded)
        {
            entity.NoteFailure(result);
        }

        return result;
    }
}
