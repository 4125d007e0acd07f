
namespace Switchyard.Bench.Models;

/// <summary>
/// Writes the bench's two model folders and request bodies to a folder, for profiling a server
/// by hand (perf, dotnet-trace) with the same models and bodies the run uses.
/// </summary>
public static class ModelWriter
{
    public static int Run(string[] args)
    {
        var target = args.Length > 0 ? args[0] : throw new ArgumentException("usage: write-models DIR [I,H,O]");
        var shape = MlpShape.Parse(args.Length > 1 ? args[1] : "1024,4096,64");
        BenchModels.WriteTiny(Path.Combine(target, BenchModels.TinyModel));
        BenchModels.WriteMlp(Path.Combine(target, BenchModels.MlpModel), shape);
        File.WriteAllText(Path.Combine(target, "tiny-body.json"), BenchModels.TinyBody);
        File.WriteAllText(Path.Combine(target, "mlp-body.json"), BenchModels.MlpBody(shape.Inputs));
        Console.WriteLine($"wrote {BenchModels.TinyModel}/, {BenchModels.MlpModel}/ ({shape}), tiny-body.json, mlp-body.json under {target}");
        return 0;
    }
}
