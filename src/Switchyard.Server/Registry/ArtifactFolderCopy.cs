using Switchyard.Core.Errors;
using Switchyard.Runtimes.Gguf;

namespace Switchyard.Server.Registry;

/// <summary>
/// Copies a model folder the server can read (the <c>source</c> of a version) into staging. A
/// link is followed only when it is a file link that resolves inside the source folder, so a
/// source cannot pull in files from elsewhere on the machine.
/// </summary>
internal static class ArtifactFolderCopy
{
    /// <summary>
    /// Turns a <c>source</c> (an absolute path or a <c>file://</c> URI) into an absolute local path
    /// with <c>.</c> and <c>..</c> removed, looking only at the text: nothing on disk is touched.
    /// </summary>
    public static string PathOf(string source)
    {
        string path;
        if (source.StartsWith("file:", StringComparison.OrdinalIgnoreCase))
        {
            if (!Uri.TryCreate(source, UriKind.Absolute, out var uri) || !uri.IsFile || !string.IsNullOrEmpty(uri.Host))
            {
                throw ServingException.Invalid($"source '{source}' is not a valid file:// URI of a local folder.");
            }

            path = uri.LocalPath;
        }
        else if (source.Contains("://", StringComparison.Ordinal))
        {
            throw ServingException.Invalid($"source '{source}': only local folders (a path or a file:// URI) are supported.");
        }
        else
        {
            path = source;
        }

        // The file system APIs throw on a NUL, which no path can hold anyway.
        if (path.Contains('\0', StringComparison.Ordinal))
        {
            throw ServingException.Invalid("source must not hold a NUL character.");
        }

        if (!Path.IsPathFullyQualified(path))
        {
            throw ServingException.Invalid($"source '{source}' must be an absolute path.");
        }

        return Path.TrimEndingDirectorySeparator(Path.GetFullPath(path));
    }

    /// <summary>The path of <see cref="PathOf"/> when it is a folder or a .gguf file the server can read.</summary>
    public static string RequireFolderOrGguf(string path, string source) =>
        Directory.Exists(path) || IsGgufFile(path)
            ? path
            : throw ServingException.Invalid($"source '{source}' does not exist or is not a folder (or a .gguf file) the server can read.");

    /// <summary>True when <paramref name="path"/> is an existing file named *.gguf.</summary>
    public static bool IsGgufFile(string path) =>
        File.Exists(path) && path.EndsWith(GgufArtifact.Extension, StringComparison.OrdinalIgnoreCase);

    /// <summary>Copies one GGUF file (a link is followed) into staging under its own name.</summary>
    public static async Task CopyFileAsync(string source, string destination, long maxBytes, CancellationToken ct)
    {
        var file = new FileInfo(source);
        if (file.LinkTarget is not null)
        {
            file = file.ResolveLinkTarget(returnFinalTarget: true) as FileInfo
                ?? throw ServingException.Invalid($"source '{source}' is a link that leads to nothing.");
        }

        if (file.Length > maxBytes)
        {
            throw ServingException.Invalid($"source '{source}' is larger than the limit of {maxBytes} bytes.");
        }

        Directory.CreateDirectory(destination);
        await using var input = new FileStream(file.FullName, FileMode.Open, FileAccess.Read, FileShare.Read, 81920, useAsync: true);
        await using var output = new FileStream(Path.Combine(destination, Path.GetFileName(source)), FileMode.CreateNew, FileAccess.Write, FileShare.None, 81920, useAsync: true);
        await input.CopyToAsync(output, ct);
    }

    public static async Task CopyAsync(string source, string destination, long maxBytes, CancellationToken ct)
    {
        var root = new DirectoryInfo(source);
        if (root.LinkTarget is not null)
        {
            // The named folder may itself be a link (a "latest" pointer); its contents are held to its resolved self.
            root = (DirectoryInfo)root.ResolveLinkTarget(returnFinalTarget: true)!;
        }

        var rootPath = Path.TrimEndingDirectorySeparator(root.FullName) + Path.DirectorySeparatorChar;
        if (Path.GetFullPath(destination).StartsWith(rootPath, StringComparison.Ordinal))
        {
            // Copying a folder into itself would never end.
            throw ServingException.Invalid($"source '{source}' holds the server's own data folder.");
        }

        var total = 0L;
        var pending = new Stack<(DirectoryInfo From, string To)>();
        pending.Push((root, destination));
        while (pending.Count > 0)
        {
            var (from, to) = pending.Pop();
            Directory.CreateDirectory(to);
            foreach (var entry in from.EnumerateFileSystemInfos())
            {
                ct.ThrowIfCancellationRequested();
                var target = Path.Combine(to, entry.Name);
                if (entry is DirectoryInfo folder)
                {
                    if (folder.LinkTarget is not null)
                    {
                        throw ServingException.Invalid($"source holds a folder link '{Relative(rootPath, folder)}'; folder links are not followed.");
                    }

                    pending.Push((folder, target));
                    continue;
                }

                var file = (FileInfo)entry;
                if (file.LinkTarget is not null)
                {
                    var resolved = file.ResolveLinkTarget(returnFinalTarget: true) as FileInfo;
                    if (resolved is null || !resolved.Exists || !resolved.FullName.StartsWith(rootPath, StringComparison.Ordinal))
                    {
                        throw ServingException.Invalid($"source holds a link '{Relative(rootPath, file)}' that leads outside it or to nothing.");
                    }

                    file = resolved;
                }

                total += file.Length;
                if (total > maxBytes)
                {
                    throw ServingException.Invalid($"source holds more than the limit of {maxBytes} bytes.");
                }

                await using var input = new FileStream(file.FullName, FileMode.Open, FileAccess.Read, FileShare.Read, 81920, useAsync: true);
                await using var output = new FileStream(target, FileMode.CreateNew, FileAccess.Write, FileShare.None, 81920, useAsync: true);
                await input.CopyToAsync(output, ct);
            }
        }
    }

    private static string Relative(string rootPath, FileSystemInfo entry) => Path.GetRelativePath(rootPath, entry.FullName);
}
