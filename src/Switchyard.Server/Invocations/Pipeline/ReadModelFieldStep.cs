using System.Text.Json;
using System.Text.Json.Nodes;
using Switchyard.Core.Errors;
using Switchyard.Server.Http;

namespace Switchyard.Server.Invocations.Pipeline;

/// <summary>
/// The OpenAI-compatible paths name the endpoint in the body's <c>model</c>: parses the body
/// (kept for the driver, so it is parsed once) and takes the endpoint's name from it.
/// </summary>
public sealed class ReadModelFieldStep : InvocationStep
{
    public override ValueTask RunAsync(Invocation invocation)
    {
        var body = JsonBody.ParseObject(invocation.Body);
        if (body["model"] is not JsonValue model || model.GetValueKind() != JsonValueKind.String)
        {
            throw ServingException.Invalid("model is required: the name of the serving endpoint to query.");
        }

        invocation.ParsedBody = body;
        invocation.EndpointName = model.GetValue<string>();
        return NextAsync(invocation);
    }
}
