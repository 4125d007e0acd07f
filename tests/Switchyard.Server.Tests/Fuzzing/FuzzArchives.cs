using System.Formats.Tar;
using Switchyard.Server.Tests.Registry;

namespace Switchyard.Server.Tests.Fuzzing;

/// <summary>
/// tar.gz bodies for the artifact upload (and, as junk, every other route): odd entry names and
/// kinds, junk MLmodel files, broken compression.
/// </summary>
internal static class FuzzArchives
{
    public static readonly FuzzBody[] All =
    [
        new("empty tar.gz", RegistryTestKit.TarGz(static _ => { })),
        new("gzip of random-looking bytes", RegistryTestKit.Gzip([.. Enumerable.Range(0, 3000).Select(static i => (byte)((i * 7919) % 251))])),
        new("gzip of JSON", RegistryTestKit.Gzip("{\"name\": \"\\ud800\"}"u8.ToArray())),
        new("truncated tar.gz", Truncated()),
        new("tar.gz with ../ entry", RegistryTestKit.TarGz(static w => w.WriteEntry(RegistryTestKit.FileEntry("../escape", "x")))),
        new("tar.gz with absolute entry", RegistryTestKit.TarGz(static w => w.WriteEntry(RegistryTestKit.FileEntry("/etc/escape", "x")))),
        new("tar.gz with symlink MLmodel", RegistryTestKit.TarGz(static w => w.WriteEntry(
            new PaxTarEntry(TarEntryType.SymbolicLink, "MLmodel") { LinkName = "/etc/passwd" }))),
        new("tar.gz with hard link", RegistryTestKit.TarGz(static w => w.WriteEntry(
            new PaxTarEntry(TarEntryType.HardLink, "MLmodel") { LinkName = "../x" }))),
        new("tar.gz with a device entry", RegistryTestKit.TarGz(static w => w.WriteEntry(new PaxTarEntry(TarEntryType.CharacterDevice, "dev")))),
        new("tar.gz with MLmodel of invalid UTF-8", RegistryTestKit.TarGz(static w => w.WriteEntry(
            new PaxTarEntry(TarEntryType.RegularFile, "MLmodel") { DataStream = new MemoryStream([0xFF, 0xFE, 0xC3, 0x28, 0x0A]) }))),
        new("tar.gz with MLmodel of junk YAML", RegistryTestKit.TarGz(static w => w.WriteEntry(
            RegistryTestKit.FileEntry("MLmodel", "flavors: [\n  - {{{\nsignature: :::\n\u0000")))),
        new("tar.gz with MLmodel naming a missing onnx file", RegistryTestKit.TarGz(static w => w.WriteEntry(
            RegistryTestKit.FileEntry("MLmodel", "flavors:\n  onnx:\n    data: ../../model.onnx\n    onnx_version: 1.0\n")))),
        new("tar.gz with an entry name of 200 dots and slashes", RegistryTestKit.TarGz(static w => w.WriteEntry(
            RegistryTestKit.FileEntry(string.Concat(Enumerable.Repeat("./", 100)) + "MLmodel", "x")))),
        new("tar.gz with a non-ASCII entry name", RegistryTestKit.TarGz(static w => w.WriteEntry(RegistryTestKit.FileEntry("modèle/😀/MLmodel", "x")))),
    ];

    private static byte[] Truncated()
    {
        var whole = RegistryTestKit.TarGz(static w => w.WriteEntry(RegistryTestKit.FileEntry("MLmodel", new string('m', 10_000))));
        return whole[..(whole.Length / 2)];
    }
}
