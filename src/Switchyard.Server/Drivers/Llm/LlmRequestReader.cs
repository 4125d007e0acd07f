using System.Text.Json;
using System.Text.Json.Nodes;
using Switchyard.Core.Errors;
using Switchyard.Core.Llm;
using Switchyard.Server.Http;

namespace Switchyard.Server.Drivers.Llm;

/// <summary>
/// Reads an LLM query body (the Databricks chat, completions and embeddings formats, which are
/// OpenAI's) into an <see cref="LlmRequest"/> in one pass of a <see cref="Utf8JsonReader"/>: no
/// tree of the body is built, only of the values passed on as sent (<c>tools</c>, <c>tool_choice</c>,
/// <c>extra_params</c>, <c>input_type</c>, a message's <c>tool_calls</c>). The body is held to what
/// <see cref="JsonBody"/> requires of any body (well-formed JSON, text strings, no property twice),
/// each a 400 at once. Every problem with a field is collected and reported in one
/// INVALID_PARAMETER_VALUE naming each field, in the order of <see cref="Fields.ToRequest"/>
/// whatever the body's order. The task comes from the route when it fixes one (the
/// OpenAI-compatible paths), else from the body: <c>messages</c>, <c>prompt</c> or <c>input</c>.
/// </summary>
public static class LlmRequestReader
{
    public const int MaxChoices = 5;

    /// <param name="routeTask">The task the route fixes; null to take it from the body.</param>
    /// <param name="endpointName">For the error when neither names a task.</param>
    public static LlmRequest Read(ReadOnlySpan<byte> body, LlmTask? routeTask, string endpointName)
    {
        if (body.IsEmpty)
        {
            throw JsonBody.Empty();
        }

        Fields fields;
        try
        {
            fields = Fields.Read(body);
        }
        catch (JsonException error)
        {
            throw new ServingException(ErrorCode.BadRequest, JsonBody.Describe(error));
        }

        var task = routeTask ?? fields.Task ?? throw ServingException.Invalid(
            $"Endpoint {endpointName} serves LLMs: send messages (chat), prompt (completions) or input (embeddings).");
        return fields.ToRequest(task);
    }

    /// <summary>What one pass over the body found, before the fields are checked against each other (on the stack).</summary>
    private struct Fields
    {
        // The messages' errors, found while reading, come first; the rest are added in ToRequest.
        private List<string> _errors;
        private bool _hasMessages, _hasPrompt, _hasInput;
        private List<ChatMessage>? _messages;
        private List<string>? _prompts, _inputs, _stop;
        private Scalar _maxTokens, _maxCompletionTokens, _temperature, _topP, _topK, _n, _stream, _seed;
        private bool _stopMalformed;
        private JsonNode? _tools, _toolChoice, _extraParams, _inputType;

        /// <summary>The task the body asks for by its fields, or null when it names none.</summary>
        public LlmTask? Task =>
            _hasMessages ? LlmTask.Chat
            : _hasPrompt ? LlmTask.Completions
            : _hasInput ? LlmTask.Embeddings
            : null;

        public static Fields Read(ReadOnlySpan<byte> body)
        {
            var reader = new Utf8JsonReader(body, CheckedTokens.Options);
            reader.Read();
            if (reader.TokenType != JsonTokenType.StartObject)
            {
                throw JsonBody.NotAnObject();
            }

            var fields = new Fields { _errors = [] };
            var names = new PropertyNames(body, stackalloc Range[24], "");
            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                names.Add(in reader);
                var atName = reader;
                reader.Read();
                fields.Take(ref reader, in atName, body);
            }

            // Nothing may follow the object: the reader throws on anything but whitespace.
            reader.Read();
            return fields;
        }

        private void Take(ref Utf8JsonReader reader, ref readonly Utf8JsonReader atName, ReadOnlySpan<byte> body)
        {
            if (atName.ValueTextEquals("messages"u8))
            {
                _hasMessages = true;
                _messages = ChatMessagesReader.Read(ref reader, body, _errors);
            }
            else if (atName.ValueTextEquals("prompt"u8))
            {
                _hasPrompt = true;
                _prompts = Strings(ref reader, "prompt", allowEmptyItems: true);
            }
            else if (atName.ValueTextEquals("input"u8))
            {
                _hasInput = true;
                _inputs = Strings(ref reader, "input", allowEmptyItems: true);
            }
            else if (atName.ValueTextEquals("max_tokens"u8))
            {
                _maxTokens = Scalar.Read(ref reader, "max_tokens");
            }
            else if (atName.ValueTextEquals("max_completion_tokens"u8))
            {
                _maxCompletionTokens = Scalar.Read(ref reader, "max_completion_tokens");
            }
            else if (atName.ValueTextEquals("temperature"u8))
            {
                _temperature = Scalar.Read(ref reader, "temperature");
            }
            else if (atName.ValueTextEquals("top_p"u8))
            {
                _topP = Scalar.Read(ref reader, "top_p");
            }
            else if (atName.ValueTextEquals("top_k"u8))
            {
                _topK = Scalar.Read(ref reader, "top_k");
            }
            else if (atName.ValueTextEquals("n"u8))
            {
                _n = Scalar.Read(ref reader, "n");
            }
            else if (atName.ValueTextEquals("stop"u8))
            {
                ReadStop(ref reader);
            }
            else if (atName.ValueTextEquals("stream"u8))
            {
                _stream = Scalar.Read(ref reader, "stream");
            }
            else if (atName.ValueTextEquals("seed"u8))
            {
                _seed = Scalar.Read(ref reader, "seed");
            }
            else if (atName.ValueTextEquals("tools"u8))
            {
                _tools = CheckedTokens.Node(ref reader, "tools");
            }
            else if (atName.ValueTextEquals("tool_choice"u8))
            {
                _toolChoice = CheckedTokens.Node(ref reader, "tool_choice");
            }
            else if (atName.ValueTextEquals("extra_params"u8))
            {
                _extraParams = CheckedTokens.Node(ref reader, "extra_params");
            }
            else if (atName.ValueTextEquals("input_type"u8))
            {
                _inputType = CheckedTokens.Node(ref reader, "input_type");
            }
            else
            {
                CheckedTokens.SkipProperty(ref reader, in atName, "");
            }
        }

        /// <summary>The fields checked in one fixed order, every problem collected into one 400.</summary>
        public readonly LlmRequest ToRequest(LlmTask task)
        {
            var errors = _errors;
            if (task != LlmTask.Chat)
            {
                errors.Clear();
            }
            else if (!_hasMessages)
            {
                errors.Add(ChatMessagesReader.Required);
            }

            var request = new LlmRequest
            {
                Task = task,
                Messages = task == LlmTask.Chat ? _messages ?? [] : [],
                Prompts = task == LlmTask.Completions ? StringsOrError(_prompts, "prompt", errors) : [],
                Inputs = task == LlmTask.Embeddings ? StringsOrError(_inputs, "input", errors) : [],
                // OpenAI's newer clients (the .NET library among them) send max_completion_tokens instead.
                MaxTokens = (int?)(_maxTokens.Integer("max_tokens", 1, int.MaxValue, errors)
                    ?? _maxCompletionTokens.Integer("max_completion_tokens", 1, int.MaxValue, errors)),
                MaxTokensAsCompletionTokens = _maxTokens.IsAbsent && !_maxCompletionTokens.IsAbsent,
                Temperature = _temperature.Number("temperature", 0, 2, errors),
                TopP = _topP.Number("top_p", 0, 1, errors),
                TopK = (int?)_topK.Integer("top_k", 0, int.MaxValue, errors),
                N = (int?)_n.Integer("n", 1, MaxChoices, errors) ?? 1,
                Stop = StopOrError(errors),
                Stream = _stream.Bool("stream", errors) ?? false,
                Seed = _seed.Integer("seed", long.MinValue, long.MaxValue, errors),
                Tools = Node<JsonArray>(_tools, "tools", "an array", errors),
                ToolChoice = _toolChoice,
                ExtraParams = Node<JsonObject>(_extraParams, "extra_params", "an object", errors),
                InputType = _inputType,
            };

            if (request.Tools is { } tools)
            {
                LlmToolShapes.CheckTools(tools, errors);
            }

            LlmToolShapes.CheckToolChoice(request.ToolChoice, errors);
            if (task == LlmTask.Embeddings && request.Stream)
            {
                errors.Add("stream: embeddings cannot be streamed.");
            }

            if (errors.Count > 0)
            {
                throw ServingException.Invalid(string.Join(" ", errors));
            }

            return request;
        }

        /// <summary>A string or an array of strings (<c>prompt</c>, <c>input</c>, <c>stop</c>); null for anything else, passed over.</summary>
        private static List<string>? Strings(ref Utf8JsonReader reader, string field, bool allowEmptyItems)
        {
            switch (reader.TokenType)
            {
                case JsonTokenType.String:
                    return [CheckedTokens.GetText(in reader, field)];
                case JsonTokenType.StartArray:
                    var items = new List<string>();
                    var valid = true;
                    var index = 0;
                    while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
                    {
                        if (reader.TokenType == JsonTokenType.String)
                        {
                            var item = CheckedTokens.GetText(in reader, field, index);
                            valid &= allowEmptyItems || item.Length > 0;
                            items.Add(item);
                        }
                        else
                        {
                            CheckedTokens.Skip(ref reader, $"{field}[{index}]");
                            valid = false;
                        }

                        index++;
                    }

                    return valid ? items : null;
                default:
                    CheckedTokens.Skip(ref reader, field);
                    return null;
            }
        }

        private void ReadStop(ref Utf8JsonReader reader)
        {
            if (reader.TokenType != JsonTokenType.Null)
            {
                // A lone string may be empty; an array's strings may not.
                _stop = Strings(ref reader, "stop", allowEmptyItems: false);
                _stopMalformed = _stop is null;
            }
        }

        private static List<string> StringsOrError(List<string>? strings, string field, List<string> errors)
        {
            if (strings is { Count: > 0 })
            {
                return strings;
            }

            errors.Add($"{field} must be a string or a non-empty array of strings.");
            return [];
        }

        private readonly List<string> StopOrError(List<string> errors)
        {
            if (_stopMalformed)
            {
                errors.Add("stop must be a string or an array of non-empty strings.");
            }

            return _stop ?? [];
        }

        private static T? Node<T>(JsonNode? node, string field, string what, List<string> errors)
            where T : JsonNode
        {
            if (node is null || node.GetValueKind() == JsonValueKind.Null)
            {
                return null;
            }

            if (node is not T typed)
            {
                errors.Add($"{field} must be {what}.");
                return null;
            }

            return typed;
        }
    }
}
