using Microsoft.Extensions.Logging.Abstractions;
using Switchyard.Core.Endpoints;
using Switchyard.Llama;
using Switchyard.Llama.Engine;
using Switchyard.SampleModels.Gguf;

namespace Switchyard.Llama.Tests;

/// <summary>The tiny random-weight GGUF models, written once per test run, and engines over them.</summary>
public static class TinyModels
{
    private static readonly Lazy<string> Folder = new(() =>
    {
        var folder = Path.Combine(Path.GetTempPath(), "switchyard-llama-tests-" + Environment.ProcessId);
        Directory.CreateDirectory(folder);
        TinyLlamaModels.WriteDense(Path.Combine(folder, "dense.gguf"), seed: 7);
        TinyLlamaModels.WriteMoe(Path.Combine(folder, "moe.gguf"), seed: 11);
        TinyLlamaModels.WriteDense(Path.Combine(folder, "dense-no-template.gguf"), seed: 7, includeChatTemplate: false);
        return folder;
    });

    public static string Dense => Path.Combine(Folder.Value, "dense.gguf");

    public static string Moe => Path.Combine(Folder.Value, "moe.gguf");

    public static string DenseWithoutTemplate => Path.Combine(Folder.Value, "dense-no-template.gguf");

    public static LlamaGenerativeModel Load(string path, ThroughputBand? band = null, TimeProvider? time = null, LlmEngineOptions? options = null) =>
        new LlamaModelLoader(time ?? TimeProvider.System, NullLoggerFactory.Instance, options ?? new LlmEngineOptions { Threads = 2 })
            .Load(path, "test-entity", band);
}
