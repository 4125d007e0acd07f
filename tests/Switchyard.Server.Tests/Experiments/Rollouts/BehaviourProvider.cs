using System.Runtime.CompilerServices;
using Switchyard.Core.Errors;
using Switchyard.Core.Llm;
using Switchyard.Providers;
using Switchyard.Providers.Schema;

namespace Switchyard.Server.Tests.Experiments.Rollouts;

/// <summary>
/// A stand-in provider whose entities behave as told, for the rollout's gates: <c>behaviour_config</c>
/// <c>{"behaviour": "ok"}</c> answers at once, <c>"fail"</c> answers 502 (the provider failed),
/// <c>"slow"</c> answers after <see cref="SlowMs"/> of real time (the gates read real latencies;
/// only the controller runs on the fake clock). No network.
/// </summary>
public sealed class BehaviourProvider : IExternalProvider
{
    public const string ProviderName = "behaviour";

    public const int SlowMs = 300;

    public static readonly ProviderField Behaviour = ProviderField.Choice("behaviour", "Behaviour", "ok", "fail", "slow");

    public string Name => ProviderName;

    public string ConfigField => "behaviour_config";

    public ProviderSchema Schema { get; } = new(Behaviour);

    public IReadOnlyList<LlmTask> Tasks { get; } = [LlmTask.Chat];

    public Task<IGenerativeModel> CreateAsync(ProviderContext context, CancellationToken ct) =>
        Task.FromResult<IGenerativeModel>(new Model(context.Spec.Name, context.RequiredText(Behaviour)));

    private sealed class Model(string model, string behaviour) : IGenerativeModel
    {
        public bool Supports(LlmTask task) => task == LlmTask.Chat;

        public async Task<LlmResponse> GenerateAsync(LlmRequest request, CancellationToken ct)
        {
            switch (behaviour)
            {
                case "fail":
                    throw new ServingException(ErrorCode.ProviderUnavailable, "The stand-in provider failed, as told.");
                case "slow":
                    await Task.Delay(SlowMs, ct);
                    break;
            }

            return new LlmResponse("behaviour-1", 0, model, [new LlmChoice(0, behaviour, "stop")], new LlmUsage(1, 1));
        }

        public async IAsyncEnumerable<LlmChunk> StreamAsync(LlmRequest request, [EnumeratorCancellation] CancellationToken ct)
        {
            var answer = await GenerateAsync(request, ct);
            yield return new LlmChunk("behaviour-1", 0, model, 0, answer.Choices[0].Text, "stop", Usage: answer.Usage);
        }

        public void Dispose()
        {
        }
    }
}
