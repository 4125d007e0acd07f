using Switchyard.Core.Llm;
using Switchyard.Providers;
using Switchyard.Providers.Schema;

namespace Switchyard.Server.Tests.Gateway.Capture;

/// <summary>
/// A test provider (<c>failing</c>, block <c>failing_config</c>) whose model never answers: a last
/// user message of <c>crash</c> throws an unexpected exception (the server's 500 INTERNAL_ERROR),
/// anything else fails as the provider's own 500 would.
/// </summary>
internal sealed class FailingProvider : IExternalProvider
{
    public string Name => "failing";

    public string ConfigField => "failing_config";

    public ProviderSchema Schema { get; } = new();

    public IReadOnlyList<LlmTask> Tasks { get; } = [LlmTask.Chat];

    public Task<IGenerativeModel> CreateAsync(ProviderContext context, CancellationToken ct) => Task.FromResult<IGenerativeModel>(new Model());

    private sealed class Model : IGenerativeModel
    {
        public bool Supports(LlmTask task) => task == LlmTask.Chat;

        public Task<LlmResponse> GenerateAsync(LlmRequest request, CancellationToken ct) =>
            request.Messages[^1].Content == "crash"
                ? throw new InvalidOperationException("the model crashed")
                : throw new ProviderException("failing", 500, "the provider failed");

        public IAsyncEnumerable<LlmChunk> StreamAsync(LlmRequest request, CancellationToken ct) => throw new NotSupportedException();

        public void Dispose()
        {
        }
    }
}
