using Switchyard.SampleModels;

if (args.Length != 1)
{
    Console.Error.WriteLine("usage: Switchyard.SampleModels <output-directory>");
    Console.Error.WriteLine("writes model-a/ and model-b/ (MLflow ONNX model folders) under it");
    return 2;
}

SampleModelLibrary.WriteModelA(Path.Combine(args[0], "model-a"));
SampleModelLibrary.WriteModelB(Path.Combine(args[0], "model-b"));
Console.WriteLine($"wrote model-a and model-b under {Path.GetFullPath(args[0])}");
return 0;
