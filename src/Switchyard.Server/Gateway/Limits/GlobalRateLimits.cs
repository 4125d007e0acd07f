using System.Diagnostics.Metrics;
using System.Globalization;
using StackExchange.Redis;
using Switchyard.Core.Telemetry;

namespace Switchyard.Server.Gateway.Limits;

/// <summary>
/// Rate limits and budgets counted in Redis, so replicas share one count per rule, subject and window (the
/// same fixed windows aligned to the UTC clock as <see cref="RateLimitCounters"/>). One Lua script
/// checks every applicable limit and, only when all admit, takes the query's share of each: atomic
/// on the Redis server, so no two replicas ever admit past a limit between them. Keys carry the
/// endpoint in a hash tag, so one query's keys share a slot on a Redis Cluster too, and expire when
/// their window ends. When Redis cannot be reached within its short timeouts, the query is counted
/// by this replica alone (<see cref="RateLimitCounters"/>) and the fallback is counted. A budget's
/// spend is checked against Redis's count (seeded from the database the first time in its period)
/// and each answer's tokens are added to it; the database keeps the durable count as before.
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

    /// <summary>KEYS[1]: a budget's spend. ARGV: this replica's view of it (seeds a key no replica made yet), the period's end (Unix s). Answers the spend.</summary>
    private const string BudgetScript = """
        if redis.call('SETNX', KEYS[1], ARGV[1]) == 1 then
          redis.call('EXPIREAT', KEYS[1], ARGV[2])
        end
        return tonumber(redis.call('GET', KEYS[1]))
        """;

    /// <summary>KEYS[1]: a budget's spend; ARGV[1]: tokens. Adds them only to a key a check seeded (a missing one is seeded from the database at its next check).</summary>
    private const string ChargeScript = """
        if redis.call('EXISTS', KEYS[1]) == 1 then
          redis.call('INCRBY', KEYS[1], ARGV[1])
        end
        return 0
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

    /// <summary>True once Redis is connected (queries fall back until then).</summary>
    public bool IsConnected => Connected is not null;

    /// <summary>The connection when it is up; null while connecting or after it broke (the caller falls back).</summary>
    private ConnectionMultiplexer? Connected => _connecting.IsCompletedSuccessfully && _connecting.Result.IsConnected ? _connecting.Result : null;

    /// <summary>Admits a query against every limit in <paramref name="applied"/> across all replicas, as <see cref="RateLimitCounters.Admit"/> does in one.</summary>
    public async ValueTask<Admission> AdmitAsync(string endpoint, List<AppliedLimit> applied, long tokens)
    {
        if (Connected is not { } redis)
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

    /// <summary>
    /// A budget's spend across replicas: Redis's count, seeded from <paramref name="entry"/> (the
    /// database's spend plus this replica's) the first time any replica checks it in its period.
    /// This replica's own view when Redis cannot be reached (the fallback is counted).
    /// </summary>
    public async ValueTask<long> BudgetSpentAsync(BudgetLedger.Entry entry)
    {
        if (Connected is not { } redis)
        {
            return FallBackSpend(entry, "not connected");
        }

        try
        {
            var spent = await redis.GetDatabase().ScriptEvaluateAsync(BudgetScript, [BudgetKey(entry.Key)], [entry.Used, entry.PeriodEnd]);
            return (long)spent;
        }
        catch (Exception error) when (error is RedisException or TimeoutException)
        {
            return FallBackSpend(entry, error.GetType().Name);
        }
    }

    /// <summary>Adds an answer's tokens to a budget's spend in Redis (fire and forget; the database keeps its own count through the ledger).</summary>
    public void ChargeBudget(BudgetLedger.Entry entry, long tokens)
    {
        if (tokens > 0 && Connected is { } redis)
        {
            redis.GetDatabase().ScriptEvaluate(ChargeScript, [BudgetKey(entry.Key)], [tokens], CommandFlags.FireAndForget);
        }
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
        WarnOncePerMinute(why);
        return _local.Admit(endpoint, applied, tokens);
    }

    private void WarnOncePerMinute(string why)
    {
        var now = Environment.TickCount64;
        var last = Interlocked.Read(ref _lastWarning);
        if (now - last > 60_000 && Interlocked.CompareExchange(ref _lastWarning, now, last) == last)
        {
            Log.Unreachable(_logger, why);
        }
    }

    private long FallBackSpend(BudgetLedger.Entry entry, string why)
    {
        Fallbacks.Add(1);
        WarnOncePerMinute(why);
        return entry.Used;
    }

    private static RedisKey BudgetKey(Core.Gateway.BudgetSpendKey key) =>
        string.Create(CultureInfo.InvariantCulture, $"switchyard:budget:{{{key.Endpoint}}}:{key.Rule}:{key.Subject}:{key.PeriodStart}");

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
