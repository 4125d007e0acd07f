using System.Formats.Tar;
using System.IO.Compression;
using Switchyard.Core.Errors;

namespace Switchyard.Server.Registry;

/// <summary>
/// Unpacks an uploaded tar.gz into an empty staging folder, refusing anything that could write
/// outside it or is not a plain file or folder: <c>..</c> or absolute entry names, links, devices.
/// </summary>
internal static class ArtifactArchive
{
    // An inode bomb of empty files slips under a byte budget; this bounds it.
    private const int MaxEntries = 100_000;

    public static async Task ExtractAsync(Stream body, string destination, long maxBytes, CancellationToken ct)
    {
        var root = Path.GetFullPath(destination);
        await using var unpacked = new BoundedReadStream(new GZipStream(body, CompressionMode.Decompress, leaveOpen: true), maxBytes);
        await using var reader = new TarReader(unpacked, leaveOpen: true);
        var entries = 0;
        while (await NextEntryAsync(reader, unpacked, ct) is { } entry)
        {
            if (++entries > MaxEntries)
            {
                throw ServingException.Invalid($"The model archive holds more than {MaxEntries} entries.");
            }

            if (entry.EntryType == TarEntryType.GlobalExtendedAttributes)
            {
                // Metadata for the entries that follow (git archive writes one); no file of its own.
                continue;
            }

            var target = TargetOf(root, entry.Name);
            switch (entry.EntryType)
            {
                case TarEntryType.Directory:
                    if (target is not null)
                    {
                        Directory.CreateDirectory(target);
                    }

                    break;
                case TarEntryType.RegularFile or TarEntryType.V7RegularFile or TarEntryType.ContiguousFile:
                    if (target is null)
                    {
                        throw Refused(entry.Name, "it names no file");
                    }

                    await WriteFileAsync(entry, target, ct);
                    break;
                case TarEntryType.SymbolicLink or TarEntryType.HardLink:
                    throw Refused(entry.Name, "links are not accepted");
                case TarEntryType.CharacterDevice or TarEntryType.BlockDevice or TarEntryType.Fifo:
                    throw Refused(entry.Name, "device and pipe entries are not accepted");
                default:
                    throw Refused(entry.Name, $"entries of type {entry.EntryType} are not accepted");
            }
        }

        if (entries == 0)
        {
            throw ServingException.Invalid("The model archive is empty.");
        }
    }

    /// <summary>The absolute path an entry would write, or null for the root itself; throws when it would leave the root.</summary>
    private static string? TargetOf(string root, string name)
    {
        if (name.Contains('\0', StringComparison.Ordinal))
        {
            throw Refused(name, "it holds a NUL character");
        }

        if (name.Length == 0 || name[0] is '/' or '\\' || Path.IsPathRooted(name) || (name.Length > 1 && name[1] == ':'))
        {
            throw Refused(name, "absolute paths are not accepted");
        }

        var parts = name.Split('/', '\\').Where(static part => part is not ("" or ".")).ToArray();
        if (parts.Any(static part => part == ".."))
        {
            throw Refused(name, "'..' is not accepted in entry names");
        }

        if (parts.Length == 0)
        {
            return null;
        }

        // A second check on the resolved path, in case a name form slipped past the split above.
        var target = Path.GetFullPath(Path.Combine([root, .. parts]));
        if (!target.StartsWith(root + Path.DirectorySeparatorChar, StringComparison.Ordinal))
        {
            throw Refused(name, "it points outside the model folder");
        }

        return target;
    }

    private static async Task WriteFileAsync(TarEntry entry, string target, CancellationToken ct)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(target)!);
        try
        {
            // CreateNew: a second entry of the same name must not overwrite the first.
            await using var file = new FileStream(target, FileMode.CreateNew, FileAccess.Write, FileShare.None, 81920, useAsync: true);
            if (entry.DataStream is { } data)
            {
                await data.CopyToAsync(file, ct);
            }
        }
        catch (IOException) when (File.Exists(target) || Directory.Exists(target))
        {
            throw Refused(entry.Name, "the archive names it twice");
        }
    }

    private static async Task<TarEntry?> NextEntryAsync(TarReader reader, BoundedReadStream unpacked, CancellationToken ct)
    {
        try
        {
            return await reader.GetNextEntryAsync(copyData: false, ct);
        }
        catch (Exception error) when (error is InvalidDataException or FormatException or EndOfStreamException or ArgumentException)
        {
            if (unpacked.Position == 0)
            {
                throw ServingException.Invalid("The model archive is empty.");
            }

            throw ServingException.Invalid($"The request body is gzip but not a valid tar archive: {error.Message}");
        }
    }

    private static ServingException Refused(string name, string reason) =>
        ServingException.Invalid($"The model archive entry '{name}' is refused: {reason}.");
}
