using System.Text.Json.Serialization;
using Parquet.Serialization.Attributes;

namespace Switchyard.Server.Gateway.Capture;

/// <summary>
/// One row of an endpoint's <c>&lt;prefix&gt;_payload</c> inference table: the columns and types of
/// Databricks' AI Gateway payload table, as Parquet.Net serializes them (the JSON names are the
/// column names). <see cref="RequestDate"/> is also the file's hive partition, so a reader of the
/// folder and a reader of one file both see it.
/// </summary>
public sealed class InferenceRow
{
    /// <summary>DATE, UTC: the day of <see cref="RequestTime"/>.</summary>
    [JsonPropertyName("request_date")]
    public DateOnly RequestDate { get; set; }

    [JsonPropertyName("databricks_request_id")]
    public string DatabricksRequestId { get; set; } = "";

    [JsonPropertyName("client_request_id")]
    public string? ClientRequestId { get; set; }

    /// <summary>TIMESTAMP (an instant, adjusted to UTC), microseconds.</summary>
    [JsonPropertyName("request_time")]
    [ParquetTimestamp(ParquetTimestampResolution.Microseconds, useLogicalTimestamp: true, isAdjustedToUTC: true)]
    public DateTime RequestTime { get; set; }

    [JsonPropertyName("status_code")]
    public int StatusCode { get; set; }

    [JsonPropertyName("sampling_fraction")]
    public double SamplingFraction { get; set; }

    [JsonPropertyName("execution_duration_ms")]
    public long ExecutionDurationMs { get; set; }

    /// <summary>The request body as sent (raw JSON), truncated past the payload limit.</summary>
    [JsonPropertyName("request")]
    public string Request { get; set; } = "";

    /// <summary>The answer as sent (a stream assembled into one answer, an error as its JSON), truncated past the payload limit.</summary>
    [JsonPropertyName("response")]
    public string Response { get; set; } = "";

    /// <summary><c>MAX_REQUEST_SIZE_EXCEEDED</c>, <c>MAX_RESPONSE_SIZE_EXCEEDED</c>: what was truncated.</summary>
    [JsonPropertyName("logging_error_codes")]
    public List<string> LoggingErrorCodes { get; set; } = [];

    /// <summary>Empty when the query was refused before an entity was chosen.</summary>
    [JsonPropertyName("served_entity_id")]
    public string ServedEntityId { get; set; } = "";

    /// <summary>The caller's name; null when the caller was not authenticated (401).</summary>
    [JsonPropertyName("requester")]
    public string? Requester { get; set; }
}
