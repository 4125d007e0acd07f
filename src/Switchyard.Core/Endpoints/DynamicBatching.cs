using System.Text.Json.Nodes;

namespace Switchyard.Core.Endpoints;

/// <summary>
/// A custom model's <c>dynamic_batching</c> (ours; the hosted service batches no custom model):
/// queries to one served entity that meet within a short window are stacked into one model run and
/// the answer split back, each query answered exactly as alone. <see cref="MaxBatchSize"/> caps the
/// rows of one run; <see cref="MaxDelay"/> is the longest a query waits for others to join while a
/// runner is idle (0: never; a busy model runs the next batch the moment a run ends, without
/// waiting, so on CPU 0 is usually best). Off when absent.
/// </summary>
public sealed record DynamicBatching(int MaxBatchSize, TimeSpan MaxDelay)
{
    public const string Field = "dynamic_batching";

    public const string MaxBatchSizeField = "max_batch_size";

    public const string MaxDelayField = "max_delay_us";

    public const int MaxRows = 1024;

    public const long MaxDelayMicroseconds = 1_000_000;

    /// <summary>Checks one declared entity's <c>dynamic_batching</c>: null when absent or invalid (the problem in <paramref name="errors"/>).</summary>
    public static DynamicBatching? Read(JsonObject declared, string path, List<string> errors)
    {
        var before = errors.Count;
        if (JsonFields.Object(declared, Field, path, errors) is not { } given)
        {
            return null;
        }

        var at = $"{path}.{Field}";
        foreach (var (name, _) in given)
        {
            if (name is not MaxBatchSizeField and not MaxDelayField)
            {
                errors.Add($"{at}.{name} is not a field of {Field}; it takes {MaxBatchSizeField} and {MaxDelayField}.");
            }
        }

        var size = JsonFields.Integer(given, MaxBatchSizeField, at, errors);
        var delay = JsonFields.Integer(given, MaxDelayField, at, errors);
        if (size is null && errors.Count == before)
        {
            errors.Add($"{at}.{MaxBatchSizeField} is required: the most rows one model run takes (2 to {MaxRows}).");
        }
        else if (size is < 2 or > MaxRows)
        {
            errors.Add($"{at}.{MaxBatchSizeField} must be from 2 to {MaxRows} rows, got {size}.");
        }

        if (delay is null && errors.Count == before)
        {
            errors.Add($"{at}.{MaxDelayField} is required: the longest a query waits for others while the model is idle, in microseconds (0 to {MaxDelayMicroseconds}; 0 never waits).");
        }
        else if (delay is < 0 or > MaxDelayMicroseconds)
        {
            errors.Add($"{at}.{MaxDelayField} must be from 0 to {MaxDelayMicroseconds} microseconds, got {delay}.");
        }

        return errors.Count > before ? null : new DynamicBatching((int)size!.Value, TimeSpan.FromMicroseconds(delay!.Value));
    }

    /// <summary>The batching of an entity already read (so valid): null when off.</summary>
    public static DynamicBatching? Of(JsonObject declared) => Read(declared, "", []);
}
