using System.Collections.Concurrent;
using System.Runtime.InteropServices;

namespace Switchyard.Bench.Driving;

/// <summary>
/// Ends the orchestrator's children when it is interrupted (Ctrl-C, SIGTERM): nginx masters
/// and worker processes would otherwise outlive it, holding ports and CPU.
/// </summary>
public static class ChildReaper
{
    private static readonly ConcurrentDictionary<IDisposable, bool> Children = new();
    private static readonly List<PosixSignalRegistration> Registrations = [];

    public static T Track<T>(T child)
        where T : IDisposable
    {
        lock (Registrations)
        {
            if (Registrations.Count == 0)
            {
                foreach (var signal in new[] { PosixSignal.SIGINT, PosixSignal.SIGTERM })
                {
                    Registrations.Add(PosixSignalRegistration.Create(signal, static _ => EndAll()));
                }
            }
        }

        Children[child] = true;
        return child;
    }

    public static void Forget(IDisposable child) => Children.TryRemove(child, out _);

    private static void EndAll()
    {
        foreach (var child in Children.Keys)
        {
            try
            {
                child.Dispose();
            }
            catch (InvalidOperationException)
            {
                // Already gone.
            }
        }
    }
}
