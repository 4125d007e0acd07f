using System.ComponentModel.DataAnnotations;

namespace Switchyard.Server.Hosting;

/// <summary>
/// Server settings, bound from the <c>Switchyard</c> configuration section (appsettings.json,
/// <c>SWITCHYARD__*</c> environment variables, or command-line flags such as <c>--data-dir</c>).
/// </summary>
public sealed class ServingOptions : IValidatableObject
{
    public const string Section = "Switchyard";

    /// <summary>Folder holding the SQLite database and the model store.</summary>
    [Required]
    public string DataDir { get; set; } = "data";

    /// <summary>
    /// Where state lives (<c>--database</c>, <c>SWITCHYARD__DATABASE</c>): unset is SQLite in the data
    /// folder (one machine); a <c>postgres://user:password@host:port/database</c> URL or an Npgsql
    /// connection string is PostgreSQL, which several replicas share. It may hold a password: it is
    /// never printed, logged or answered.
    /// </summary>
    public string? Database { get; set; }

    /// <summary>True when state is in PostgreSQL, which other replicas may share (with the data folder).</summary>
    public bool SharesDatabase => !string.IsNullOrWhiteSpace(Database);

    public static readonly TimeSpan DefaultDrainTimeout = TimeSpan.FromSeconds(30);

    /// <summary>
    /// How long a stopping replica (SIGTERM) waits for the requests in flight (<c>--drain-timeout</c>):
    /// it stops taking new ones at once (<c>/health/ready</c> 503), then exits 0 when they are done or
    /// this has passed. A Kubernetes pod's terminationGracePeriodSeconds must be longer (deploy/kubernetes).
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:00", "01:00:00")]
    public TimeSpan DrainTimeout { get; set; } = DefaultDrainTimeout;

    /// <summary>
    /// How the console logs are written (<c>--log-format</c>): <c>text</c> (the default) or <c>json</c>,
    /// one JSON object per line for log collectors. In json the start banner is a log line too, and
    /// never holds a generated admin token (it is in the data folder's token file).
    /// </summary>
    [RegularExpression("^(text|json)$", ErrorMessage = "The log format must be text or json.")]
    public string LogFormat { get; set; } = "text";

    /// <summary>
    /// Redis for rate limits counted across replicas (<c>--redis</c>, <c>SWITCHYARD__REDIS</c>): a
    /// StackExchange.Redis configuration such as <c>redis-host:6379</c> (it may hold a password: never
    /// printed). Unset, each replica counts its own queries. Unreachable, each replica falls back to its
    /// own counts and the fallbacks are counted (<c>switchyard_limit_redis_fallbacks</c>).
    /// </summary>
    public string? Redis { get; set; }

    /// <summary>
    /// This replica's name among those sharing a database (<c>--replica-name</c>): in heartbeats, rollout
    /// reports and the replicas route. Unset: the machine's name and the process id. It may not hold '|'.
    /// </summary>
    [RegularExpression(@"^[^|]{1,200}$")]
    public string? ReplicaName { get; set; }

    /// <summary>The replica's name, set or made up.</summary>
    public string ReplicaNameOrDefault => string.IsNullOrWhiteSpace(ReplicaName) ? $"{Environment.MachineName}-{Environment.ProcessId}" : ReplicaName;

    /// <summary>How long a scale-to-zero entity may sit idle before it unloads.</summary>
    [Range(typeof(TimeSpan), "00:00:00.050", "365.00:00:00")]
    public TimeSpan ScaleToZeroIdle { get; set; } = TimeSpan.FromMinutes(30);

    /// <summary>Requests that may wait for a busy served entity, per concurrency slot, before 429.</summary>
    [Range(0, 10_000)]
    public int QueueDepthPerSlot { get; set; } = 16;

    /// <summary>
    /// Parallel sequences of each local LLM engine (<c>--llm-slots</c>): one choice of one request
    /// each, sharing every forward pass; a foundation-model entity admits this many requests at once.
    /// More slots raise the tokens/s of many concurrent requests (bench/README.md: 16 slots took 16
    /// concurrent requests on 2 cores from 526 to 728 tokens/s), and each slot reserves its own KV
    /// cache of up to 2,048 positions. Unset: the engine's default (8).
    /// </summary>
    [Range(1, 256)]
    public int? LlmSlots { get; set; }

    /// <summary>Threads of one LLM forward pass (<c>--llm-threads</c>); unset: the engine's default, one per core.</summary>
    [Range(1, 1024)]
    public int? LlmThreads { get; set; }

    /// <summary>
    /// Most tokens one LLM forward pass takes (<c>--llm-batch-size</c>, llama.cpp's n_batch); longer
    /// prompts take several. Unset: the engine's default (512).
    /// </summary>
    [Range(32, 65536)]
    public int? LlmBatchSize { get; set; }

    /// <summary>
    /// Largest model artifact accepted when a version is created, in bytes: the upload itself and
    /// the unpacked (or copied) files in total. Guards the disk against archive bombs.
    /// </summary>
    [Range(typeof(long), "1", "1099511627776")]
    public long MaxArtifactBytes { get; set; } = 64L * 1024 * 1024 * 1024;

    /// <summary>
    /// The first start's admin token, instead of a generated one (<c>--admin-token</c>): <c>dapi</c>
    /// and 48 lower-case hex digits. Only its hash is stored; later starts ignore it.
    /// </summary>
    public string? AdminToken { get; set; }

    /// <summary>
    /// The 32-byte key that seals secret values, in base64. When unset the server keeps its own
    /// key in <see cref="SecretsKeyPath"/>, created on first use and readable by its owner only.
    /// Either way the key lives apart from the database, so a copy of the database reveals no value.
    /// </summary>
    [Base64String]
    public string? SecretsKey { get; set; }

    /// <summary>
    /// Folders under which a non-admin may name a server path as a model version's <c>source</c>
    /// (<c>--model-source-roots</c>, repeated or separated like PATH; <c>ModelSourceRoots:0</c> … in
    /// settings). None by default: non-admins upload a packed folder instead. Admins may name any path.
    /// </summary>
    public IList<string> ModelSourceRoots { get; } = new List<string>();

    /// <summary>
    /// The workspace id this server announces at <c>/.well-known/databricks-config</c> (decimal
    /// digits, as Databricks workspace ids are). When unset, one is derived from the data folder's
    /// full path, so it stays the same across restarts of one installation.
    /// </summary>
    [RegularExpression("^[1-9][0-9]{0,17}$")]
    public string? WorkspaceId { get; set; }

    /// <summary>
    /// A file that replaces the server's built-in safety list (what guardrails' <c>safety: true</c>
    /// checks): <c>[category]</c> lines, each followed by its phrases, one a line (the built-in list,
    /// <c>Gateway/Guardrails/SafetyList.txt</c> in the sources, shows the format). Read at start-up;
    /// a missing or malformed file stops the server naming the line.
    /// </summary>
    public string? SafetyListPath { get; set; }

    /// <summary>
    /// Where traces and metrics are exported over OTLP (<c>--otlp-endpoint</c>; the standard
    /// <c>OTEL_EXPORTER_OTLP_ENDPOINT</c> variable when unset), an absolute http or https URL.
    /// Unset and without the variable, nothing is exported over OTLP and no spans are made; the
    /// Prometheus text at <c>/metrics</c> is served either way.
    /// </summary>
    public string? OtlpEndpoint { get; set; }

    public string DatabasePath => Path.Combine(DataDir, "switchyard.db");

    public string ModelStoreDir => Path.Combine(DataDir, "models");

    public string StagingDir => Path.Combine(DataDir, "staging");

    public string SecretsKeyPath => Path.Combine(DataDir, "secrets.key");

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        foreach (var root in ModelSourceRoots)
        {
            if (!Path.IsPathFullyQualified(root))
            {
                yield return new ValidationResult($"Every model source root must be an absolute path; '{root}' is not.", [nameof(ModelSourceRoots)]);
            }
        }

        if (!string.IsNullOrWhiteSpace(OtlpEndpoint)
            && !(Uri.TryCreate(OtlpEndpoint, UriKind.Absolute, out var otlp) && (otlp.Scheme == Uri.UriSchemeHttp || otlp.Scheme == Uri.UriSchemeHttps)))
        {
            yield return new ValidationResult($"The OTLP endpoint must be an absolute http or https URL; '{OtlpEndpoint}' is not.", [nameof(OtlpEndpoint)]);
        }

        if (SafetyListProblem() is { } problem)
        {
            yield return new ValidationResult(problem, [nameof(SafetyListPath)]);
        }
    }

    /// <summary>Why the safety list file cannot serve, or null (none set, or it reads).</summary>
    private string? SafetyListProblem()
    {
        if (string.IsNullOrEmpty(SafetyListPath))
        {
            return null;
        }

        if (!File.Exists(SafetyListPath))
        {
            return $"The safety list file '{SafetyListPath}' does not exist.";
        }

        try
        {
            Gateway.Guardrails.SafetyList.FromFile(SafetyListPath);
            return null;
        }
        catch (InvalidDataException error)
        {
            return error.Message;
        }
    }
}
