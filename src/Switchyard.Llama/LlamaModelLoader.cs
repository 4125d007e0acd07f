using LLama;
using LLama.Exceptions;
using Microsoft.Extensions.Logging;
using Switchyard.Core.Endpoints;
using Switchyard.Core.Runtimes;
using Switchyard.Llama.Chat;
using Switchyard.Llama.Engine;

namespace Switchyard.Llama;

/// <summary>
/// Loads a GGUF file into a served <see cref="LlamaGenerativeModel"/>: weights on the CPU, one
/// engine sized by <see cref="LlmEngineOptions"/> and limited by the entity's band. Load failures
/// become exceptions that say why, so the entity shows DEPLOYMENT_FAILED with the reason.
/// </summary>
public sealed class LlamaModelLoader(TimeProvider time, ILoggerFactory loggers, LlmEngineOptions? options = null)
{
    private readonly LlmEngineOptions _options = options ?? new LlmEngineOptions();
    private readonly ILogger _logger = loggers.CreateLogger<LlmEngine>();

    /// <summary>The engine limits every loaded model gets (the band aside).</summary>
    public LlmEngineOptions Options => _options;

    /// <summary>
    /// Loads <paramref name="ggufPath"/>. The file must already have passed the managed GGUF
    /// inspection: llama.cpp aborts the process on some malformed files rather than failing.
    /// </summary>
    /// <param name="details">What the managed inspection read; its name and chat template win over llama.cpp's metadata.</param>
    public LlamaGenerativeModel Load(string ggufPath, string entityName, ThroughputBand? band, FoundationModelDetails? details = null)
    {
        NativeLogBridge.Attach(loggers.CreateLogger("Switchyard.Llama.Native"));
        var options = _options with { Band = band };
        LLamaWeights weights;
        try
        {
            weights = LLamaWeights.LoadFromFile(LlmEngine.ContextParams(ggufPath, options, options.Slots, options.ContextPerSlot));
        }
        catch (LoadWeightsFailedException e)
        {
            throw new InvalidOperationException($"llama.cpp could not load the model file '{Path.GetFileName(ggufPath)}': {e.Message}", e);
        }

        LlmEngine? engine = null;
        try
        {
            engine = new LlmEngine(weights, ggufPath, options, time, _logger);
            var metadata = weights.Metadata;
            var name = details?.Name ?? (metadata.TryGetValue("general.name", out var general) ? general : null);
            if (string.IsNullOrWhiteSpace(name))
            {
                name = entityName;
            }

            var jinja = details is not null ? details.ChatTemplate : metadata.GetValueOrDefault("tokenizer.chat_template");
            var eos = weights.Vocab.EOS is { } token ? weights.Vocab.LLamaTokenToString(token, isSpecialToken: true) : null;
            return new LlamaGenerativeModel(engine, name, ChatTemplate.For(jinja, eos), time);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            if (engine is not null)
            {
                engine.Dispose();
            }
            else
            {
                weights.Dispose();
            }

            throw new InvalidOperationException($"The model file '{Path.GetFileName(ggufPath)}' loaded but its engine could not start: {e.Message}", e);
        }
    }
}
