using System.Collections.Concurrent;
using System.Diagnostics;
using Switchyard.Testing.Hosting;

namespace Switchyard.Server.Tests.Replicas;

/// <summary>Closed-loop load: <c>clients</c> loops each sending the sample query one after another through the balancer, counting answers and failures (each with when it ended).</summary>
public sealed class LoadThroughBalancer : IDisposable
{
    private readonly CancellationTokenSource _stop = new();
    private readonly ConcurrentQueue<(long At, string What)> _failures = new();
    private readonly Task[] _loops;
    private int _succeeded;

    public LoadThroughBalancer(HttpClient balancer, string endpoint, int clients)
    {
        _loops = Enumerable.Range(0, clients).Select(_ => Task.Run(() => LoopAsync(balancer, endpoint))).ToArray();
    }

    private async Task LoopAsync(HttpClient balancer, string endpoint)
    {
        while (!_stop.IsCancellationRequested)
        {
            try
            {
                using var request = new HttpRequestMessage(HttpMethod.Post, $"/serving-endpoints/{endpoint}/invocations") { Content = ReplicaCluster.Query() };
                request.Headers.Authorization = new("Bearer", ServerUnderTest.AdminToken);
                using var answer = await balancer.SendAsync(request);
                if (answer.IsSuccessStatusCode)
                {
                    Interlocked.Increment(ref _succeeded);
                }
                else
                {
                    _failures.Enqueue((Stopwatch.GetTimestamp(), $"{(int)answer.StatusCode} {await answer.Content.ReadAsStringAsync()}"));
                }
            }
            catch (HttpRequestException error)
            {
                // The inner error says how the connection ended (reset, closed before an answer, refused).
                _failures.Enqueue((Stopwatch.GetTimestamp(), error.InnerException is { } inner ? $"{error.Message} ({inner.Message})" : error.Message));
            }
        }
    }

    /// <summary>Stops the loops and answers how many requests succeeded, how many failed, and the first failures.</summary>
    public async Task<(int Succeeded, int Failed, string Failures)> StopAsync()
    {
        await _stop.CancelAsync();
        await Task.WhenAll(_loops);
        return (_succeeded, _failures.Count, string.Join(" | ", _failures.Take(5).Select(static f => f.What)));
    }

    /// <summary>How many requests failed outside [<paramref name="from"/>, <paramref name="until"/>] (<see cref="Stopwatch"/> timestamps).</summary>
    public int FailedOutside(long from, long until) => _failures.Count(f => f.At < from || f.At > until);

    public void Dispose() => _stop.Dispose();
}
