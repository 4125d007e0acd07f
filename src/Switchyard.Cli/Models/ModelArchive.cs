using System.Formats.Tar;
using System.IO.Compression;
using System.Text;
using Switchyard.Cli.Hosting;

namespace Switchyard.Cli.Models;

/// <summary>
/// Packs what <c>models register</c> uploads: an MLflow model folder as a tar.gz of its contents,
/// or a lone <c>.gguf</c> file wrapped with a generated MLmodel naming it. Built in memory, since
/// the server takes the archive as one request body.
/// </summary>
internal static class ModelArchive
{
    public static async Task<byte[]> PackAsync(string path, CancellationToken ct)
    {
        using var buffer = new MemoryStream();
        await using (var gzip = new GZipStream(buffer, CompressionLevel.Fastest, leaveOpen: true))
        {
            if (Directory.Exists(path))
            {
                if (!File.Exists(Path.Combine(path, "MLmodel")))
                {
                    throw CliException.Usage($"'{path}' has no MLmodel file; an MLflow model folder was expected.");
                }

                await TarFile.CreateFromDirectoryAsync(path, gzip, includeBaseDirectory: false, ct);
            }
            else if (File.Exists(path) && path.EndsWith(".gguf", StringComparison.OrdinalIgnoreCase))
            {
                await WriteGgufAsync(path, gzip, ct);
            }
            else
            {
                throw CliException.Usage($"'{path}' is neither an MLflow model folder nor a .gguf file.");
            }
        }

        return buffer.ToArray();
    }

    private static async Task WriteGgufAsync(string path, Stream output, CancellationToken ct)
    {
        var fileName = Path.GetFileName(path);
        await using var tar = new TarWriter(output, TarEntryFormat.Pax, leaveOpen: true);

        // The server finds a model by its MLmodel; a gguf flavor names the weights file beside it.
        // The same MLmodel the server writes for a bare .gguf; the name is single-quoted YAML.
        var quoted = fileName.Replace("'", "''", StringComparison.Ordinal);
        var mlModel = Encoding.UTF8.GetBytes($"flavors:\n  gguf:\n    model_file: '{quoted}'\n");
        var descriptor = new PaxTarEntry(TarEntryType.RegularFile, "MLmodel") { DataStream = new MemoryStream(mlModel) };
        await tar.WriteEntryAsync(descriptor, ct);
        await tar.WriteEntryAsync(path, fileName, ct);
    }
}
