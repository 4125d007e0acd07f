using System.Security.Cryptography;
using Switchyard.Core.Secrets;
using Switchyard.Server.Hosting;

namespace Switchyard.Server.Secrets;

/// <summary>
/// Where the secrets key comes from: the <c>Switchyard:SecretsKey</c> setting when given, else a
/// key file in the data folder, made on first use. The file is born owner-only (0600) and filled
/// before it takes its name, so no one ever sees it readable by others, or half written.
/// </summary>
internal static partial class SecretKeyFile
{
    private const UnixFileMode OthersMayTouch =
        UnixFileMode.GroupRead | UnixFileMode.GroupWrite | UnixFileMode.GroupExecute |
        UnixFileMode.OtherRead | UnixFileMode.OtherWrite | UnixFileMode.OtherExecute;

    public static SecretCipher OpenCipher(ServingOptions options, ILogger logger)
    {
        var key = Load(options, logger);
        try
        {
            return new SecretCipher(key);
        }
        finally
        {
            // The cipher keeps its own copy; this one need not linger on the heap.
            CryptographicOperations.ZeroMemory(key);
        }
    }

    private static byte[] Load(ServingOptions options, ILogger logger)
    {
        if (!string.IsNullOrEmpty(options.SecretsKey))
        {
            var given = Convert.FromBase64String(options.SecretsKey);
            return given.Length == SecretCipher.KeySize
                ? given
                : throw new InvalidOperationException(
                    $"The setting {ServingOptions.Section}:{nameof(ServingOptions.SecretsKey)} must be {SecretCipher.KeySize} bytes in base64; it decodes to {given.Length}.");
        }

        var path = options.SecretsKeyPath;
        return File.Exists(path) ? ReadExisting(path, logger) : Create(path, logger);
    }

    private static byte[] ReadExisting(string path, ILogger logger)
    {
        if (!OperatingSystem.IsWindows() && (File.GetUnixFileMode(path) & OthersMayTouch) != 0)
        {
            Log.KeyFileTooOpen(logger, path);
        }

        var key = File.ReadAllBytes(path);
        return key.Length == SecretCipher.KeySize
            ? key
            : throw new InvalidOperationException($"The secrets key file {path} holds {key.Length} bytes; {SecretCipher.KeySize} were expected.");
    }

    private static byte[] Create(string path, ILogger logger)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
        var draft = $"{path}.{Guid.NewGuid():N}.tmp";
        var key = RandomNumberGenerator.GetBytes(SecretCipher.KeySize);
        var file = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write, Share = FileShare.None };
        if (!OperatingSystem.IsWindows())
        {
            // The mode is given to open(2) itself: there is no moment between create and chmod.
            file.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        }

        try
        {
            using (var stream = new FileStream(draft, file))
            {
                stream.Write(key);
                stream.Flush(flushToDisk: true);
            }

            try
            {
                File.Move(draft, path, overwrite: false);
            }
            catch (IOException) when (File.Exists(path))
            {
                // Another process made the key first; everyone must use that one.
                CryptographicOperations.ZeroMemory(key);
                return ReadExisting(path, logger);
            }
        }
        finally
        {
            File.Delete(draft);
        }

        Log.KeyFileCreated(logger, path);
        return key;
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 1, Level = LogLevel.Information, Message = "Created the secrets key file {Path}; back it up apart from the database")]
        public static partial void KeyFileCreated(ILogger logger, string path);

        [LoggerMessage(EventId = 2, Level = LogLevel.Warning, Message = "The secrets key file {Path} is open to other users; restrict it to its owner (chmod 600)")]
        public static partial void KeyFileTooOpen(ILogger logger, string path);
    }
}
