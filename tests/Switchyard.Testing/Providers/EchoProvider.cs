using System.Runtime.CompilerServices;
using Switchyard.Core.Llm;
using Switchyard.Providers;
using Switchyard.Providers.Schema;

namespace Switchyard.Testing.Providers;

/// <summary>
/// A provider that lives outside the server's code, registered only through the public
/// <c>AddExternalProvider&lt;EchoProvider&gt;()</c>, to prove that a provider is one class and one
/// registration: <c>echo</c>, block <c>echo_config</c> with a required <c>greeting</c> and an
/// optional key, answering chat by echoing the last user message after the greeting. No network.
/// </summary>
public sealed class EchoProvider : IExternalProvider
{
    public const string ProviderName = "echo";

    public const string BlockName = "echo_config";

    public static readonly ProviderField Greeting = ProviderField.Text("greeting", "Greeting", "Hello")
        .Described("Put before every echoed message.");

    public static readonly ProviderField ApiKey = ProviderField.Secret("echo_api_key", "Echo API key").Optional();

    public string Name => ProviderName;

    public string ConfigField => BlockName;

    public ProviderSchema Schema { get; } = new(Greeting, ApiKey);

    public IReadOnlyList<LlmTask> Tasks { get; } = [LlmTask.Chat];

    public async Task<IGenerativeModel> CreateAsync(ProviderContext context, CancellationToken ct)
    {
        // Resolved like any provider's key (with the creator's rights, failing the load when it cannot be
        // read), though the echo sends it nowhere.
        _ = await context.OptionalKeyAsync(ApiKey, ct);
        return new EchoModel(context.Spec.Name, context.RequiredText(Greeting));
    }

    /// <summary>What <see cref="EchoProvider"/> answers: "{greeting} {the last user message}".</summary>
    private sealed class EchoModel(string model, string greeting) : IGenerativeModel
    {
        public bool Supports(LlmTask task) => task == LlmTask.Chat;

        public Task<LlmResponse> GenerateAsync(LlmRequest request, CancellationToken ct)
        {
            var text = Echo(request);
            return Task.FromResult(new LlmResponse(
                "echo-1", 0, model, [new LlmChoice(0, text, "stop")], new LlmUsage(request.Messages.Count, 1)));
        }

        public async IAsyncEnumerable<LlmChunk> StreamAsync(LlmRequest request, [EnumeratorCancellation] CancellationToken ct)
        {
            await Task.Yield();
            yield return new LlmChunk("echo-1", 0, model, 0, Echo(request));
            yield return new LlmChunk("echo-1", 0, model, 0, null, "stop", Usage: new LlmUsage(request.Messages.Count, 1));
        }

        private string Echo(LlmRequest request) =>
            $"{greeting} {request.Messages.LastOrDefault(m => m.Role == ChatRoles.User)?.Content}";

        public void Dispose()
        {
        }
    }
}
