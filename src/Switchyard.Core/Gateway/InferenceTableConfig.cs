namespace Switchyard.Core.Gateway;

/// <summary>
/// <c>ai_gateway.inference_table_config</c> (or the legacy <c>config.auto_capture_config</c>): the
/// table <c>&lt;catalog&gt;.&lt;schema&gt;.&lt;prefix&gt;_payload</c> every query of the endpoint is
/// written to while <see cref="Enabled"/>, as Parquet files under the data folder.
/// </summary>
/// <param name="Prefix">The table name prefix; when none is given, the endpoint's name with every character but letters, digits and '_' turned to '_'.</param>
/// <param name="SamplingFraction">The share of queries written, in (0, 1] (ours; 1 when absent).</param>
public sealed record InferenceTableConfig(string Catalog, string Schema, string Prefix, bool Enabled, double SamplingFraction = 1.0)
{
    /// <summary>The payload table's three-part name.</summary>
    public string PayloadTable => $"{Catalog}.{Schema}.{Prefix}_payload";
}
