using System.Globalization;
using Microsoft.Extensions.Logging.Abstractions;
using Switchyard.Llama;
using Switchyard.Llama.Engine;

namespace Switchyard.Bench.Llm;

/// <summary>
/// The direct side of the LLM comparison, in a process of its own: the engine loaded from the
/// GGUF by the server's own loader with the server's default engine options and no band, driven
/// in-process through <see cref="LlmEngine.SubmitAsync"/> exactly as the served model plans a
/// completions request (prompt tokenized with BOS, greedy, one choice, the same max_tokens, no
/// stop strings). Reads <c>run|warm SECONDS CONCURRENCY MAX_TOKENS PROMPT_FILE</c> on stdin and
/// answers one <c>TOKENS …</c> line per command.
/// </summary>
public static class DirectEngineWorker
{
    private static readonly SamplingSettings Greedy = new(0f, 1f, 0, 0);

    private static int? IntOption(string[] args, string name)
    {
        var at = Array.IndexOf(args, name);
        return at >= 0 && at + 1 < args.Length ? int.Parse(args[at + 1], CultureInfo.InvariantCulture) : null;
    }

    public static async Task<int> RunAsync(string[] args)
    {
        var at = Array.IndexOf(args, "--gguf");
        var gguf = at >= 0 && at + 1 < args.Length ? args[at + 1] : throw new ArgumentException("--gguf is required");
        // --threads, --slots and --batch override the engine's defaults for experiments; the comparison leaves them alone.
        var defaults = new LlmEngineOptions();
        var options = new LlmEngineOptions
        {
            Threads = IntOption(args, "--threads") ?? defaults.Threads,
            Slots = IntOption(args, "--slots") ?? defaults.Slots,
            BatchSize = IntOption(args, "--batch") ?? defaults.BatchSize,
        };
        var loader = new LlamaModelLoader(TimeProvider.System, NullLoggerFactory.Instance, options);
        using var model = loader.Load(gguf, "direct", band: null);
        var engine = model.Engine;
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"READY slots {engine.Slots} context-per-slot {engine.ContextPerSlot} threads {loader.Options.Threads} batch {loader.Options.BatchSize}"));
        while (Console.ReadLine() is { } line)
        {
            var parts = line.Split(' ', 5);
            if (parts is ["quit"])
            {
                break;
            }

            if (parts is not ["run" or "warm", var seconds, var concurrency, var maxTokens, var promptFile])
            {
                Console.WriteLine($"ERROR unknown command: {line}");
                continue;
            }

            var prompt = await File.ReadAllTextAsync(promptFile);
            var request = new GenerationRequest(
                [new ChoiceRequest(0, engine.Tokenize(prompt, addBos: true), Greedy)], int.Parse(maxTokens, CultureInfo.InvariantCulture), []);
            var result = await TokenLoad.RunAsync(ct => GenerateAsync(engine, request, ct),
                int.Parse(concurrency, CultureInfo.InvariantCulture), TimeSpan.FromSeconds(double.Parse(seconds, CultureInfo.InvariantCulture)));
            Console.WriteLine(result.ToLine());
        }

        return 0;
    }

    private static async Task<int> GenerateAsync(LlmEngine engine, GenerationRequest request, CancellationToken ct)
    {
        var events = await engine.SubmitAsync(request, ct);
        var completion = 0;
        await foreach (var e in events.ReadAllAsync(ct))
        {
            if (e.Error is not null)
            {
                throw new InvalidOperationException("the engine failed a generation", e.Error);
            }

            if (e.FinishReason is not null)
            {
                completion = e.CompletionTokens;
            }
        }

        return completion;
    }
}
