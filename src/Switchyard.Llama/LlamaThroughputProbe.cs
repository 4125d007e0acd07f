using System.Diagnostics;
using Microsoft.Extensions.Logging;
using Switchyard.Core.Endpoints;
using Switchyard.Core.Registry;
using Switchyard.Llama.Engine;
using Switchyard.Runtimes.Gguf;

namespace Switchyard.Llama;

/// <summary>
/// Measures a GGUF version's completion tokens per second on this host: the file is loaded into an
/// engine of its own (every slot, short context) and, after a short warm-up, every slot generates
/// <see cref="TokensPerSlot"/> greedy tokens at once; the figure is the tokens produced over the
/// wall-clock time that took. The aggregate over all slots is what a provisioned band competes
/// for. The server caches the figure per version.
/// </summary>
public sealed class LlamaThroughputProbe(IArtifactLocator artifacts, ILoggerFactory loggers, LlmEngineOptions options) : IThroughputProbe
{
    /// <summary>Tokens each slot generates in the measured run.</summary>
    public const int TokensPerSlot = 16;

    private const string ProbePrompt = "Write a short story about a lighthouse keeper.";

    public async Task<double?> MeasureAsync(ModelVersion version, CancellationToken ct)
    {
        if (version.Flavor != GgufArtifact.FlavorName)
        {
            return null;
        }

        var artifact = GgufArtifact.Read(artifacts.DirectoryOf(version));
        var details = GgufInspector.Inspect(artifact.ModelPath);
        var probeOptions = options with { ContextPerSlot = 256, Band = null };
        using var model = await Task.Run(
            () => new LlamaModelLoader(TimeProvider.System, loggers, probeOptions).Load(artifact.ModelPath, version.Model.ToString(), band: null, details), ct);
        var engine = model.Engine;
        var prompt = engine.Tokenize(ProbePrompt, addBos: true);
        await GenerateAsync(engine, prompt, slots: 1, tokens: 2, ct);

        var before = engine.Metrics().CompletionTokens;
        var clock = Stopwatch.StartNew();
        await GenerateAsync(engine, prompt, engine.Slots, TokensPerSlot, ct);
        var seconds = clock.Elapsed.TotalSeconds;
        var produced = engine.Metrics().CompletionTokens - before;
        return seconds > 0 ? Math.Round(produced / seconds, 1) : null;
    }

    private static async Task GenerateAsync(LlmEngine engine, int[] prompt, int slots, int tokens, CancellationToken ct)
    {
        var choices = Enumerable.Range(0, slots).Select(i => new ChoiceRequest(i, prompt, new SamplingSettings(0f, 1f, 0, 0))).ToList();
        var events = await engine.SubmitAsync(new GenerationRequest(choices, tokens, []), ct);
        await foreach (var e in events.ReadAllAsync(ct))
        {
            if (e.Error is not null)
            {
                throw e.Error;
            }
        }
    }
}
