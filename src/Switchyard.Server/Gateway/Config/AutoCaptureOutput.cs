using System.Text.Json.Nodes;

namespace Switchyard.Server.Gateway.Config;

/// <summary>
/// The legacy <c>auto_capture_config</c> as an endpoint's config shows it: the stored block plus
/// <c>state.payload_table {name, status, status_message}</c>. The name is the table's own name
/// (<c>&lt;prefix&gt;_payload</c>, as Databricks shows it; catalog and schema are beside it). The
/// SDK leaves <c>status</c> a free string; ours is ACTIVE while rows are written, DISABLED otherwise.
/// </summary>
public static class AutoCaptureOutput
{
    public static JsonObject Of(JsonObject stored, string endpointName)
    {
        var output = stored.DeepClone().AsObject();
        var table = InferenceTableReader.ReadAutoCapture(stored, "config.auto_capture_config", endpointName, []);
        var payload = new JsonObject();
        if (table is not null)
        {
            payload["name"] = $"{table.Prefix}_payload";
        }

        payload["status"] = table is { Enabled: true } ? "ACTIVE" : "DISABLED";
        payload["status_message"] = table is { Enabled: true }
            ? $"Requests are written to {table.PayloadTable}."
            : "Payload capture is disabled; set enabled: true to write requests to the table.";
        output["state"] = new JsonObject { ["payload_table"] = payload };
        return output;
    }
}
