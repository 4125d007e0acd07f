using System.Text.Json;
using Switchyard.Core.Errors;
using Switchyard.Server.Http;

namespace Switchyard.Server.Invocations.Pipeline;

/// <summary>
/// The OpenAI-compatible paths name the endpoint in the body's <c>model</c>: reads it from the
/// body's top level, passing over the rest (the driver reads and checks the whole body once).
/// </summary>
public sealed class ReadModelFieldStep : InvocationStep
{
    private const string Required = "model is required: the name of the serving endpoint to query.";

    public override ValueTask RunAsync(Invocation invocation)
    {
        invocation.EndpointName = ModelOf(invocation.Body.Span);
        return NextAsync(invocation);
    }

    private static string ModelOf(ReadOnlySpan<byte> body)
    {
        if (body.IsEmpty)
        {
            throw JsonBody.Empty();
        }

        string? model = null;
        try
        {
            var reader = new Utf8JsonReader(body, CheckedTokens.Options);
            reader.Read();
            if (reader.TokenType != JsonTokenType.StartObject)
            {
                throw JsonBody.NotAnObject();
            }

            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                if (!CheckedTokens.IsText(in reader))
                {
                    // The reader refuses to compare a name that is not text.
                    throw WellFormedText.NameNotText("");
                }

                var isModel = reader.ValueTextEquals("model"u8);
                reader.Read();
                if (!isModel)
                {
                    reader.Skip();
                }
                else if (model is not null)
                {
                    // The endpoint is not chosen by one of two names.
                    throw WellFormedText.Twice("");
                }
                else
                {
                    model = reader.TokenType == JsonTokenType.String
                        ? CheckedTokens.TryGetText(in reader) ?? throw WellFormedText.NotText("model")
                        : throw ServingException.Invalid(Required);
                }
            }

            reader.Read();
        }
        catch (JsonException error)
        {
            throw new ServingException(ErrorCode.BadRequest, JsonBody.Describe(error));
        }

        return model ?? throw ServingException.Invalid(Required);
    }
}
