using System.Globalization;
using System.Text;

namespace Switchyard.SampleModels.Mlflow;

/// <summary>
/// Writes an MLflow model folder the way <c>mlflow.onnx.save_model</c> lays it out: MLmodel,
/// model.onnx and the three environment files. Everything is fixed text so that writing the same
/// model twice gives the same bytes.
/// </summary>
public static class MlflowModelDirectory
{
    // Versions an MLflow 2.x save of an ONNX model would record; they only describe the Python
    // environment that would have produced the folder, nothing here reads them.
    private const string MlflowVersion = "2.19.0";
    private const string OnnxVersion = "1.17.0";
    private const string OnnxRuntimeVersion = "1.20.1";
    private const string PythonVersion = "3.11.10";
    private const string CreatedAt = "2026-01-01 00:00:00.000000";
    private const string ModelFile = "model.onnx";

    /// <param name="directory">Created if missing; existing files of the same names are replaced.</param>
    /// <param name="onnxModel">The serialized ModelProto.</param>
    /// <param name="modelUuid">Fixed per sample so the output is reproducible.</param>
    /// <param name="inputsJson">The signature's inputs, as MLflow's JSON string.</param>
    /// <param name="outputsJson">The signature's outputs, as MLflow's JSON string.</param>
    public static void Write(string directory, byte[] onnxModel, string modelUuid, string inputsJson, string outputsJson)
    {
        Directory.CreateDirectory(directory);
        File.WriteAllBytes(Path.Combine(directory, ModelFile), onnxModel);
        WriteText(directory, "MLmodel", MlModelText(onnxModel.Length, modelUuid, inputsJson, outputsJson));
        WriteText(directory, "conda.yaml", CondaText());
        WriteText(directory, "python_env.yaml", PythonEnvText());
        WriteText(directory, "requirements.txt", RequirementsText());
    }

    private static string MlModelText(long modelSize, string modelUuid, string inputsJson, string outputsJson)
    {
        // Keys sorted as yaml.safe_dump sorts them; long signature strings wrapped as PyYAML wraps them.
        var text = new StringBuilder();
        text.Append("flavors:\n");
        text.Append("  onnx:\n");
        text.Append("    code: null\n");
        text.Append("    data: ").Append(ModelFile).Append('\n');
        text.Append("    onnx_session_options: null\n");
        text.Append("    onnx_version: ").Append(OnnxVersion).Append('\n');
        text.Append("    providers:\n");
        text.Append("    - CUDAExecutionProvider\n");
        text.Append("    - CPUExecutionProvider\n");
        text.Append("  python_function:\n");
        text.Append("    code: null\n");
        text.Append("    data: ").Append(ModelFile).Append('\n');
        text.Append("    env:\n");
        text.Append("      conda: conda.yaml\n");
        text.Append("      virtualenv: python_env.yaml\n");
        text.Append("    loader_module: mlflow.onnx\n");
        text.Append("    python_version: ").Append(PythonVersion).Append('\n');
        text.Append("mlflow_version: ").Append(MlflowVersion).Append('\n');
        text.Append("model_size_bytes: ").Append(modelSize.ToString(CultureInfo.InvariantCulture)).Append('\n');
        text.Append("model_uuid: ").Append(modelUuid).Append('\n');
        text.Append("signature:\n");
        AppendQuoted(text, "  inputs: ", inputsJson);
        AppendQuoted(text, "  outputs: ", outputsJson);
        text.Append("  params: null\n");
        text.Append("utc_time_created: '").Append(CreatedAt).Append("'\n");
        return text.ToString();
    }

    /// <summary>
    /// A single-quoted YAML scalar folded at spaces near column 80; a line break inside a quoted
    /// scalar reads back as one space, so the folded text means the same string.
    /// </summary>
    private static void AppendQuoted(StringBuilder text, string prefix, string value)
    {
        const int width = 80;
        text.Append(prefix).Append('\'');
        var column = prefix.Length + 1;
        var words = value.Replace("'", "''", StringComparison.Ordinal).Split(' ');
        for (var i = 0; i < words.Length; i++)
        {
            if (i > 0)
            {
                if (column + 1 + words[i].Length > width)
                {
                    text.Append("\n    ");
                    column = 4;
                }
                else
                {
                    text.Append(' ');
                    column++;
                }
            }

            text.Append(words[i]);
            column += words[i].Length;
        }

        text.Append("'\n");
    }

    private static string CondaText() =>
        "channels:\n" +
        "- conda-forge\n" +
        "dependencies:\n" +
        $"- python={PythonVersion}\n" +
        "- pip<=24.2\n" +
        "- pip:\n" +
        $"  - mlflow=={MlflowVersion}\n" +
        $"  - onnx=={OnnxVersion}\n" +
        $"  - onnxruntime=={OnnxRuntimeVersion}\n" +
        "name: mlflow-env\n";

    private static string PythonEnvText() =>
        $"python: {PythonVersion}\n" +
        "build_dependencies:\n" +
        "- pip==24.2\n" +
        "- setuptools==75.1.0\n" +
        "- wheel==0.44.0\n" +
        "dependencies:\n" +
        "- -r requirements.txt\n";

    // MLflow joins the pins with newlines and writes no final newline.
    private static string RequirementsText() =>
        $"mlflow=={MlflowVersion}\nonnx=={OnnxVersion}\nonnxruntime=={OnnxRuntimeVersion}";

    private static void WriteText(string directory, string name, string content) =>
        File.WriteAllText(Path.Combine(directory, name), content, new UTF8Encoding(false));
}
