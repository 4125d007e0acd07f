using System.Text.Json;
using System.Text.Json.Nodes;
using Switchyard.Cli.Hosting;

namespace Switchyard.Cli.Http;

/// <summary>A successful API answer: its body as sent (for <c>--output json</c>) and the headers the CLI reads.</summary>
internal sealed record ApiAnswer(string Body, string? ServedModelName)
{
    public JsonObject Json()
    {
        if (Body.Length == 0)
        {
            return [];
        }

        try
        {
            return JsonNode.Parse(Body) as JsonObject ?? throw new CliException(ExitCodes.Other, "The server answered JSON that is not an object.");
        }
        catch (JsonException)
        {
            throw new CliException(ExitCodes.Other, "The server answered something that is not JSON.");
        }
    }
}
