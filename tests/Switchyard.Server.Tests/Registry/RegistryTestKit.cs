using System.Formats.Tar;
using System.IO.Compression;
using System.Text;
using System.Text.Json.Nodes;
using Switchyard.SampleModels;

namespace Switchyard.Server.Tests.Registry;

/// <summary>Shared steps of the registry tests: models, sample artifacts, archives and store snapshots.</summary>
internal static class RegistryTestKit
{
    public const string Models = "/api/2.1/unity-catalog/models";

    public static async Task<JsonObject> CreateModelAsync(ServerUnderTest server, string catalog, string schema, string name, string? comment = null)
    {
        var body = new JsonObject { ["catalog_name"] = catalog, ["schema_name"] = schema, ["name"] = name };
        if (comment is not null)
        {
            body["comment"] = comment;
        }

        return await ApiAssert.OkJsonAsync(await server.PostJsonAsync(Models, body.ToJsonString()));
    }

    /// <summary>A fresh sample model folder (model A) in a temp folder of its own.</summary>
    public static TempFolder SampleModel()
    {
        var folder = new TempFolder();
        SampleModelLibrary.WriteModelA(folder.Path);
        return folder;
    }

    /// <summary>A tar.gz of a folder's files, under <paramref name="prefix"/> (e.g. <c>model/</c>) or at the root.</summary>
    public static byte[] TarGzOf(string folder, string prefix = "")
    {
        return TarGz(writer =>
        {
            foreach (var file in Directory.EnumerateFiles(folder, "*", SearchOption.AllDirectories))
            {
                var name = prefix + Path.GetRelativePath(folder, file).Replace('\\', '/');
                writer.WriteEntry(new PaxTarEntry(TarEntryType.RegularFile, name) { DataStream = new MemoryStream(File.ReadAllBytes(file)) });
            }
        });
    }

    /// <summary>A tar.gz written by <paramref name="write"/>, so a test can add any entry it wants.</summary>
    public static byte[] TarGz(Action<TarWriter> write)
    {
        using var buffer = new MemoryStream();
        using (var gzip = new GZipStream(buffer, CompressionLevel.Fastest, leaveOpen: true))
        using (var writer = new TarWriter(gzip, TarEntryFormat.Pax, leaveOpen: true))
        {
            write(writer);
        }

        return buffer.ToArray();
    }

    public static byte[] Gzip(byte[] content)
    {
        using var buffer = new MemoryStream();
        using (var gzip = new GZipStream(buffer, CompressionLevel.Fastest, leaveOpen: true))
        {
            gzip.Write(content);
        }

        return buffer.ToArray();
    }

    public static PaxTarEntry FileEntry(string name, string content) =>
        new(TarEntryType.RegularFile, name) { DataStream = new MemoryStream(Encoding.UTF8.GetBytes(content)) };

    public static Task<HttpResponseMessage> UploadAsync(ServerUnderTest server, string fullName, byte[] archive, string contentType = "application/gzip") =>
        server.PostBytesAsync($"{Models}/{fullName}/versions", archive, contentType);

    public static Task<HttpResponseMessage> FromSourceAsync(ServerUnderTest server, string fullName, string source) =>
        server.PostJsonAsync($"{Models}/{fullName}/versions", new JsonObject { ["source"] = source }.ToJsonString());

    /// <summary>Everything under the data folder's model store and staging, and the model's versions, as text to compare.</summary>
    public static async Task<string> SnapshotAsync(ServerUnderTest server, string fullName)
    {
        var text = new StringBuilder();
        foreach (var root in new[] { "models", "staging" })
        {
            var folder = Path.Combine(server.DataDir, root);
            if (Directory.Exists(folder))
            {
                foreach (var entry in Directory.EnumerateFileSystemEntries(folder, "*", SearchOption.AllDirectories).Order(StringComparer.Ordinal))
                {
                    text.AppendLine(Path.GetRelativePath(server.DataDir, entry));
                }
            }
        }

        text.AppendLine(await (await server.Client.GetAsync($"{Models}/{fullName}/versions")).Content.ReadAsStringAsync());
        text.AppendLine(await (await server.Client.GetAsync(Models)).Content.ReadAsStringAsync());
        return text.ToString();
    }

    /// <summary>The version folders in the model store.</summary>
    public static string[] StoreFolders(ServerUnderTest server)
    {
        var root = Path.Combine(server.DataDir, "models");
        return Directory.Exists(root) ? [.. Directory.GetDirectories(root).Select(Path.GetFileName).Order(StringComparer.Ordinal)!] : [];
    }
}
