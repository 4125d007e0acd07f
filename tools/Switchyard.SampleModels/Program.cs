using System.Globalization;
using Switchyard.SampleModels;
using Switchyard.SampleModels.Gguf;

if (args.Length >= 2 && args[0] == "gguf")
{
    // gguf <output-directory> [seed]: the tiny dense and mixture-of-experts GGUF models, plus the
    // malformed variants under malformed/.
    var seed = args.Length > 2 ? int.Parse(args[2], CultureInfo.InvariantCulture) : 1;
    var root = args[1];
    TinyLlamaModels.WriteDense(Path.Combine(root, "tiny-llama.gguf"), seed);
    TinyLlamaModels.WriteMoe(Path.Combine(root, "tiny-mixtral.gguf"), seed);
    foreach (var kind in Enum.GetValues<MalformedGguf>())
    {
        TinyLlamaModels.WriteMalformed(Path.Combine(root, "malformed", kind.ToString().ToLowerInvariant() + ".gguf"), kind, seed);
    }

    Console.WriteLine($"wrote tiny-llama.gguf, tiny-mixtral.gguf and malformed/*.gguf under {Path.GetFullPath(root)} (seed {seed})");
    return 0;
}

if (args.Length != 1)
{
    Console.Error.WriteLine("usage: Switchyard.SampleModels <output-directory>");
    Console.Error.WriteLine("       Switchyard.SampleModels gguf <output-directory> [seed]");
    Console.Error.WriteLine("the first writes model-a/ and model-b/ (MLflow ONNX model folders) under it;");
    Console.Error.WriteLine("the second writes tiny random-weight GGUF models (dense, MoE, malformed)");
    return 2;
}

SampleModelLibrary.WriteModelA(Path.Combine(args[0], "model-a"));
SampleModelLibrary.WriteModelB(Path.Combine(args[0], "model-b"));
Console.WriteLine($"wrote model-a and model-b under {Path.GetFullPath(args[0])}");
return 0;
