using System.Globalization;
using System.Text;
using Switchyard.SampleModels;

namespace Switchyard.Bench.Models;

/// <summary>The two models of the comparison, their request bodies and the row the raw loop feeds.</summary>
public static class BenchModels
{
    public const string TinyModel = "bench-tiny";
    public const string MlpModel = "bench-mlp";
    public const string OnnxFileName = "model.onnx";

    /// <summary>One row of model-A in the dataframe_split shape, as the mission's clients send it.</summary>
    public const string TinyBody = """{"dataframe_split": {"columns": ["x1", "x2", "x3", "x4"], "data": [[1, 2, 3, 4]]}}""";

    public static void WriteTiny(string directory) => SampleModelLibrary.WriteModelA(directory);

    public static void WriteMlp(string directory, MlpShape shape) =>
        SampleModelLibrary.WriteMlp(directory, shape.Inputs, shape.Hidden, shape.Outputs, seed: 11);

    /// <summary>
    /// The row both sides score. Multiples of 1/8 print exactly in decimal, so the server parses
    /// the very floats the raw loop binds.
    /// </summary>
    public static float[] MlpRow(int inputs)
    {
        var row = new float[inputs];
        for (var i = 0; i < inputs; i++)
        {
            row[i] = (i % 7) * 0.125f;
        }

        return row;
    }

    /// <summary>The same row as a tensor-input body: {"inputs": [[...]]}.</summary>
    public static string MlpBody(int inputs)
    {
        var row = MlpRow(inputs);
        var body = new StringBuilder("{\"inputs\": [[");
        for (var i = 0; i < row.Length; i++)
        {
            body.Append(i == 0 ? "" : ",").Append(row[i].ToString("R", CultureInfo.InvariantCulture));
        }

        return body.Append("]]}").ToString();
    }
}
