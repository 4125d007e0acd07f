using System.Globalization;
using System.Text;
using Switchyard.SampleModels.Mlflow;
using Switchyard.SampleModels.Onnx;

namespace Switchyard.SampleModels;

/// <summary>
/// The sample MLflow ONNX models shipped under samples/models and used by tests and benchmarks,
/// with their known answers computed in double precision.
/// </summary>
public static class SampleModelLibrary
{
    private static readonly float[] WeightsA = [1f, 2f, 3f, 4f];
    private const float InterceptA = 0.5f;
    private static readonly float[] WeightsB = [0.5f, -0.25f, 0.125f, 1f];
    private const float InterceptB = -1f;

    private const string FourDoubleColumns =
        "[{\"type\": \"double\", \"name\": \"x1\", \"required\": true}, " +
        "{\"type\": \"double\", \"name\": \"x2\", \"required\": true}, " +
        "{\"type\": \"double\", \"name\": \"x3\", \"required\": true}, " +
        "{\"type\": \"double\", \"name\": \"x4\", \"required\": true}]";

    /// <summary>Linear regression y = x1 + 2·x2 + 3·x3 + 4·x4 + 0.5, as sklearn-onnx writes it.</summary>
    public static void WriteModelA(string directory)
    {
        var model = new OnnxGraphBuilder("linear_regression")
            .Input("float_input", OnnxGraphBuilder.Float, null, 4)
            .Output("variable", OnnxGraphBuilder.Float, null, 1)
            .Initializer("coef", [4, 1], WeightsA)
            .Initializer("intercept", [1], [InterceptA])
            .Node("MatMul", "MatMul", ["float_input", "coef"], ["multiplied"])
            .Node("Add", "Add", ["multiplied", "intercept"], ["variable"])
            .Build("skl2onnx");
        MlflowModelDirectory.Write(directory, model, "5f0c6a1e3b2d4c8e9a7f1b2c3d4e5f60", FourDoubleColumns, TensorSpec("variable", 1));
    }

    /// <summary>Logistic classifier p = sigmoid(0.5·x1 − 0.25·x2 + 0.125·x3 + x4 − 1).</summary>
    public static void WriteModelB(string directory)
    {
        var model = new OnnxGraphBuilder("logistic_classifier")
            .Input("float_input", OnnxGraphBuilder.Float, null, 4)
            .Output("probability", OnnxGraphBuilder.Float, null, 1)
            .Initializer("coef", [4, 1], WeightsB)
            .Initializer("intercept", [1], [InterceptB])
            .Node("MatMul", "MatMul", ["float_input", "coef"], ["multiplied"])
            .Node("Add", "Add", ["multiplied", "intercept"], ["logit"])
            .Node("Sigmoid", "Sigmoid", ["logit"], ["probability"])
            .Build("skl2onnx");
        MlflowModelDirectory.Write(directory, model, "8a1d2e3f4b5c4d6e8f7a9b0c1d2e3f4a", FourDoubleColumns, TensorSpec("probability", 1));
    }

    /// <summary>
    /// A dense MLP input → MatMul+Add → Relu → MatMul+Add → output with seeded weights and a
    /// tensor-based signature (input "input" float32 [-1, inputs], output "output" [-1, outputs]).
    /// </summary>
    public static void WriteMlp(string directory, int inputs, int hidden, int outputs, int seed)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(inputs, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(hidden, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(outputs, 1);

        // System.Random with a seed is a fixed algorithm, so the same seed gives the same weights.
        var random = new Random(seed);
        var model = new OnnxGraphBuilder("mlp")
            .Input("input", OnnxGraphBuilder.Float, null, inputs)
            .Output("output", OnnxGraphBuilder.Float, null, outputs)
            .Initializer("w1", [inputs, hidden], Weights(random, inputs * hidden, inputs))
            .Initializer("b1", [hidden], Weights(random, hidden, inputs))
            .Initializer("w2", [hidden, outputs], Weights(random, hidden * outputs, hidden))
            .Initializer("b2", [outputs], Weights(random, outputs, hidden))
            .Node("MatMul", "MatMul1", ["input", "w1"], ["h1"])
            .Node("Add", "Add1", ["h1", "b1"], ["h1b"])
            .Node("Relu", "Relu", ["h1b"], ["a1"])
            .Node("MatMul", "MatMul2", ["a1", "w2"], ["h2"])
            .Node("Add", "Add2", ["h2", "b2"], ["output"])
            .Build("switchyard");
        var uuid = string.Create(CultureInfo.InvariantCulture, $"{inputs:x8}{hidden:x8}{outputs:x8}{seed:x8}");
        MlflowModelDirectory.Write(directory, model, uuid, "[" + TensorField("input", inputs) + "]", "[" + TensorField("output", outputs) + "]");
    }

    /// <summary>The exact answer of model-A for one row (x1..x4).</summary>
    public static double ExpectedA(ReadOnlySpan<double> x) => Linear(x, WeightsA, InterceptA);

    /// <summary>The exact answer of model-B for one row (x1..x4).</summary>
    public static double ExpectedB(ReadOnlySpan<double> x) => 1.0 / (1.0 + Math.Exp(-Linear(x, WeightsB, InterceptB)));

    private static double Linear(ReadOnlySpan<double> x, float[] weights, float intercept)
    {
        if (x.Length != weights.Length)
        {
            throw new ArgumentException($"expected {weights.Length} values, got {x.Length}", nameof(x));
        }

        double sum = intercept;
        for (var i = 0; i < weights.Length; i++)
        {
            sum += weights[i] * x[i];
        }

        return sum;
    }

    private static float[] Weights(Random random, int count, int fanIn)
    {
        var scale = 1.0 / Math.Sqrt(fanIn);
        var values = new float[count];
        for (var i = 0; i < count; i++)
        {
            values[i] = (float)(((random.NextDouble() * 2) - 1) * scale);
        }

        return values;
    }

    private static string TensorSpec(string name, int width) => "[" + TensorField(name, width) + "]";

    private static string TensorField(string name, int width) =>
        new StringBuilder()
            .Append("{\"type\": \"tensor\", \"tensor-spec\": {\"dtype\": \"float32\", \"shape\": [-1, ")
            .Append(width.ToString(CultureInfo.InvariantCulture))
            .Append("]}, \"name\": \"").Append(name).Append("\"}")
            .ToString();
}
