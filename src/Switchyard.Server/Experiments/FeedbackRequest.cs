using System.Text.Json;
using System.Text.Json.Nodes;
using Switchyard.Core.Errors;

namespace Switchyard.Server.Experiments;

/// <summary>
/// The body of <c>POST /serving-endpoints/{name}/feedback</c>: <c>request_id</c> (a query's
/// <c>x-request-id</c>, 1 to 128 characters), <c>metric</c> (<c>[A-Za-z0-9_.-]{1,64}</c>) and
/// <c>value</c> (a finite number, or a boolean taken as 1 or 0). Anything else is refused, naming the field.
/// </summary>
internal sealed record FeedbackRequest(string RequestId, string Metric, double Value)
{
    public const int MaxRequestIdLength = 128;
    public const int MaxMetricLength = 64;

    private static readonly string[] Fields = ["request_id", "metric", "value"];

    public static FeedbackRequest From(JsonObject body)
    {
        foreach (var (field, _) in body)
        {
            if (!Fields.Contains(field))
            {
                throw ServingException.Invalid($"{field} is not a field of feedback; send request_id, metric and value.");
            }
        }

        var requestId = body["request_id"] is JsonValue id && id.GetValueKind() == JsonValueKind.String ? id.GetValue<string>() : null;
        if (requestId is not { Length: > 0 and <= MaxRequestIdLength })
        {
            throw ServingException.Invalid(
                $"request_id must be a non-empty string of at most {MaxRequestIdLength} characters: the x-request-id of the query the feedback is about.");
        }

        var metric = body["metric"] is JsonValue m && m.GetValueKind() == JsonValueKind.String ? m.GetValue<string>() : null;
        if (metric is not { Length: > 0 and <= MaxMetricLength } || !metric.All(IsMetricChar))
        {
            throw ServingException.Invalid($"metric must be 1 to {MaxMetricLength} characters of A-Z, a-z, 0-9, '_', '.' and '-'.");
        }

        return new FeedbackRequest(requestId, metric, ValueOf(body["value"]));
    }

    private static double ValueOf(JsonNode? node)
    {
        if (node is JsonValue value)
        {
            switch (value.GetValueKind())
            {
                case JsonValueKind.True:
                    return 1;
                case JsonValueKind.False:
                    return 0;
                case JsonValueKind.Number when value.TryGetValue<double>(out var number) && double.IsFinite(number):
                    return number;
            }
        }

        throw ServingException.Invalid("value must be a finite number or a boolean (true counts as 1, false as 0).");
    }

    private static bool IsMetricChar(char c) => char.IsAsciiLetterOrDigit(c) || c is '_' or '.' or '-';
}
