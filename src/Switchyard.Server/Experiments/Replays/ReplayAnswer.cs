using System.Text.Json.Nodes;
using Switchyard.Core.Experiments;

namespace Switchyard.Server.Experiments.Replays;

/// <summary>
/// A replay on the wire: <c>{"replay_id", "endpoint_name", "state", "source", "time_range",
/// "sample_pct", "target_entity", "rate_limit_rps", "seed", "total", "sent", "completed", "failed",
/// "created_ms", "finished_ms", "message"}</c>, and <c>"report"</c> (null until the job ended) when
/// one replay is asked for.
/// </summary>
public static class ReplayAnswer
{
    public static JsonObject Of(ReplayRecord record, bool withReport)
    {
        var answer = new JsonObject
        {
            ["replay_id"] = record.ReplayId,
            ["endpoint_name"] = record.EndpointName,
            ["state"] = record.State,
        };
        foreach (var (field, value) in JsonNode.Parse(record.Spec)!.AsObject().ToArray())
        {
            answer[field] = value?.DeepClone();
        }

        answer["total"] = record.Total;
        answer["sent"] = record.Sent;
        answer["completed"] = record.Completed;
        answer["failed"] = record.Failed;
        answer["created_ms"] = record.CreatedMs;
        answer["finished_ms"] = record.FinishedMs;
        answer["message"] = record.Message;
        if (withReport)
        {
            answer["report"] = record.Report is null ? null : JsonNode.Parse(record.Report);
        }

        return answer;
    }
}
