using System.Text;
using LLama.Native;
using Microsoft.Extensions.Logging;

namespace Switchyard.Llama;

/// <summary>
/// Routes llama.cpp's own log lines to an <see cref="ILogger"/> at Debug. The native callback is
/// process-wide and must be set before the first native call, so it is installed once; it writes
/// to whichever logger was attached last.
/// </summary>
public static partial class NativeLogBridge
{
    private static readonly Lock Gate = new();
    private static readonly ThreadLocal<StringBuilder> Lines = new(() => new StringBuilder());
    private static ILogger? _logger;
    private static bool _installed;

    /// <summary>Sends native log lines to <paramref name="logger"/> from now on.</summary>
    public static void Attach(ILogger logger)
    {
        lock (Gate)
        {
            _logger = logger;
            if (_installed)
            {
                return;
            }

            // Before the library loads this only records the callback; after, it passes it straight on.
            NativeLogConfig.llama_log_set(OnNativeLog);
            _installed = true;
        }
    }

    private static void OnNativeLog(LLamaLogLevel level, string message)
    {
        var logger = Volatile.Read(ref _logger);
        if (logger is null || !logger.IsEnabled(LogLevel.Debug))
        {
            return;
        }

        // llama.cpp writes a line in pieces; log it whole.
        var line = Lines.Value!;
        line.Append(message);
        if (!message.EndsWith('\n'))
        {
            return;
        }

        var text = line.ToString().TrimEnd();
        line.Clear();
        if (text.Length > 0)
        {
            LogNative(logger, level, text);
        }
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "llama.cpp {Level}: {Line}")]
    private static partial void LogNative(ILogger logger, LLamaLogLevel level, string line);
}
