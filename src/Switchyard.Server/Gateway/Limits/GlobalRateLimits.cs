using System.Diagnostics.Metrics;
using System.Globalization;
using StackExchange.Redis;
using Switchyard.Core.Telemetry;

namespace Switchyard.Server.Gateway.Limits;

/// <summary>
/// Rate limits counted in Redis, so replicas share one count per rule, subject and window (the
/// same fixed windows aligned to the UTC clock as <see cref="RateLimitCounters"/>). One Lua script
/// checks every applicable limit and, only when all admit, takes the query's share of each: atomic
/// on the Redis server, so no two replicas ever admit past a limit between them. Keys carry the
/// endpoint in a hash tag, so one query's keys share a slot on a Redis Cluster too, and expire when
/// their window ends. When Redis cannot be reached within its short timeouts, the query is counted
/// by this replica alone (<see cref="RateLimitCounters"/>) and the fallback is counted.
/// </summary>
public sealed partial class GlobalRateLimits : IAsyncDisposable
{
    /// <summary>KEYS: one count per limit. ARGV: per limit its amount, its limit and its window's seconds to live. Answers {0, used…} when all admit, else {index, used} of the first refusing.</summary>
    private const string AdmitScript = """
        local n = #KEYS
        for i = 1, n do
          local used = tonumber(redis.call('GET', KEYS[i]) or '0')
          if used + tonumber(ARGV[3 * i - 2]) > tonumber(ARGV[3 * i - 1]) then
            return {i, used}
          end
        end
        local answer = {0}
        for i = 1, n do
          answer[i + 1] = redis.call('INCRBY', KEYS[i], ARGV[3 * i - 2])
          if redis.call('TTL', KEYS[i]) < 0 then
            redis.call('EXPIRE', KEYS[i], ARGV[3 * i])
          end
        end
        return answer
        """;

    private static readonly Counter<long> Fallbacks = SwitchyardTelemetry.Meter.CreateCounter<long>(
        "switchyard.limit.redis_fallbacks", description: "Queries counted by one replica alone because Redis could not be reached");

    private readonly Task<ConnectionMultiplexer> _connecting;
    private readonly RateLimitCounters _local;
    private readonly ILogger _logger;
    private long _lastWarning;

    public GlobalRateLimits(string configuration, RateLimitCounters local, ILogger<GlobalRateLimits> logger)
    {
        _local = local;
        _logger = logger;
        var options = ConfigurationOptions.Parse(configuration.StartsWith("redis://", StringComparison.OrdinalIgnoreCase)
            ? configuration["redis://".Length..].TrimEnd('/')
            : configuration);
        // A Redis that is down is a fallback, not an outage: the start-up never waits for it (queries
        // fall back until it answers; the client keeps reconnecting), and a query waits for it at most a second.
        options.AbortOnConnectFail = false;
        options.ConnectTimeout = 5000;
        options.SyncTimeout = 1000;
        options.AsyncTimeout = 1000;
        _connecting = ConnectionMultiplexer.ConnectAsync(options);
    }

    /// <summary>Admits a query against every limit in <paramref name="applied"/> across all replicas, as <see cref="RateLimitCounters.Admit"/> does in one.</summary>
    public async ValueTask<Admission> AdmitAsync(string endpoint, List<AppliedLimit> applied, long tokens)
    {
        if (!_connecting.IsCompletedSuccessfully || _connecting.Result is not { IsConnected: true } redis)
        {
            return FallBack(endpoint, applied, tokens, "not connected");
        }

        var nowMs = _local.NowMilliseconds;
        var now = nowMs / 1000;
        var taking = new List<(AppliedLimit Limit, long Amount, long WindowEnd, RedisKey Key)>(applied.Count);
        foreach (var limit in applied)
        {
            var amount = limit.Term.Measure == LimitMeasure.Calls ? 1 : tokens;
            if (amount == 0)
            {
                continue;
            }

            var start = limit.Term.Window.StartOf(now);
            taking.Add((limit, amount, limit.Term.Window.EndOf(start), Key(endpoint, limit, start)));
        }

        var admission = new Admission(nowMs);
        if (taking.Count == 0)
        {
            return admission;
        }

        var keys = new RedisKey[taking.Count];
        var values = new RedisValue[taking.Count * 3];
        for (var i = 0; i < taking.Count; i++)
        {
            keys[i] = taking[i].Key;
            values[3 * i] = taking[i].Amount;
            values[(3 * i) + 1] = taking[i].Limit.Term.Amount;
            values[(3 * i) + 2] = Math.Max(1, taking[i].WindowEnd - now);
        }

        RedisResult[] answer;
        try
        {
            answer = (RedisResult[])(await redis.GetDatabase().ScriptEvaluateAsync(AdmitScript, keys, values))!;
        }
        catch (Exception error) when (error is RedisException or TimeoutException)
        {
            return FallBack(endpoint, applied, tokens, error.GetType().Name);
        }

        var refusing = (int)answer[0];
        if (refusing > 0)
        {
            var (limit, amount, windowEnd, key) = taking[refusing - 1];
            admission.Refuse(limit, new SharedCount(redis, key, windowEnd, (long)answer[1]), amount);
            return admission;
        }

        for (var i = 0; i < taking.Count; i++)
        {
            admission.Took(taking[i].Limit, new SharedCount(redis, taking[i].Key, taking[i].WindowEnd, (long)answer[i + 1]), taking[i].Amount);
        }

        return admission;
    }

    public async ValueTask DisposeAsync()
    {
        if (await _connecting.ConfigureAwait(false) is { } redis)
        {
            await redis.DisposeAsync();
        }
    }

    private Admission FallBack(string endpoint, List<AppliedLimit> applied, long tokens, string why)
    {
        Fallbacks.Add(1);
        var now = Environment.TickCount64;
        var last = Interlocked.Read(ref _lastWarning);
        if (now - last > 60_000 && Interlocked.CompareExchange(ref _lastWarning, now, last) == last)
        {
            Log.Unreachable(_logger, why);
        }

        return _local.Admit(endpoint, applied, tokens);
    }

    private static RedisKey Key(string endpoint, AppliedLimit limit, long windowStart) =>
        string.Create(CultureInfo.InvariantCulture, $"switchyard:rl:{{{endpoint}}}:{limit.Term.Identity}:{limit.Subject}:{windowStart}");

    /// <summary>A count in Redis as this query left it; settling a token reservation adds the difference there.</summary>
    private sealed class SharedCount(ConnectionMultiplexer redis, RedisKey key, long windowEnd, long used) : ILimitCount
    {
        public long WindowEnd => windowEnd;

        public long Used => used;

        public void Add(long amount) => redis.GetDatabase().StringIncrement(key, amount, CommandFlags.FireAndForget);
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 70, Level = LogLevel.Warning, Message = "Redis could not be reached for rate limits ({Reason}): counting on this replica alone (at most one warning a minute)")]
        public static partial void Unreachable(ILogger logger, string reason);
    }
}
