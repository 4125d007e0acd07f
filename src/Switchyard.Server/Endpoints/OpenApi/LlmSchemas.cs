using System.Text.Json.Nodes;
using Switchyard.Core.Llm;

namespace Switchyard.Server.Endpoints.OpenApi;

/// <summary>
/// The request and answer schemas of LLM endpoints by task (chat, completions, embeddings), as
/// the invocation routes read and write them (the OpenAI-compatible shapes Databricks uses).
/// </summary>
internal static class LlmSchemas
{
    public static string RequestName(LlmTask task) => $"{Key(task)}.request";

    public static string ResponseName(LlmTask task) => $"{Key(task)}.response";

    /// <summary>Adds the task's two schemas to <paramref name="components"/> (once).</summary>
    public static void AddTo(JsonObject components, LlmTask task)
    {
        if (components.ContainsKey(RequestName(task)))
        {
            return;
        }

        components[RequestName(task)] = Request(task);
        components[ResponseName(task)] = Response(task);
    }

    private static string Key(LlmTask task) => task switch
    {
        LlmTask.Chat => "chat",
        LlmTask.Completions => "completions",
        _ => "embeddings",
    };

    private static JsonObject Request(LlmTask task) => task switch
    {
        LlmTask.Chat => Schemas.Object(Sampling(new JsonObject
        {
            ["messages"] = Schemas.Array(Schemas.Object(new JsonObject
            {
                ["role"] = new JsonObject { ["type"] = "string", ["enum"] = new JsonArray("system", "user", "assistant", "tool") },
                ["content"] = Schemas.Typed("string"),
            }, required: ["role", "content"])),
        }), required: ["messages"]),
        LlmTask.Completions => Schemas.Object(Sampling(new JsonObject
        {
            ["prompt"] = new JsonObject { ["oneOf"] = new JsonArray(Schemas.Typed("string"), Schemas.Array(Schemas.Typed("string"))) },
        }), required: ["prompt"]),
        _ => Schemas.Object(new JsonObject
        {
            ["input"] = new JsonObject { ["oneOf"] = new JsonArray(Schemas.Typed("string"), Schemas.Array(Schemas.Typed("string"))) },
        }, required: ["input"]),
    };

    private static JsonObject Sampling(JsonObject properties)
    {
        properties["max_tokens"] = Schemas.Typed("integer", "int32");
        properties["temperature"] = Schemas.Typed("number", "double");
        properties["top_p"] = Schemas.Typed("number", "double");
        properties["n"] = Schemas.Typed("integer", "int32");
        properties["stop"] = new JsonObject { ["oneOf"] = new JsonArray(Schemas.Typed("string"), Schemas.Array(Schemas.Typed("string"))) };
        properties["stream"] = new JsonObject { ["type"] = "boolean", ["description"] = "Answer as server-sent events, ending with data: [DONE]." };
        return properties;
    }

    private static JsonObject Response(LlmTask task)
    {
        var usage = Schemas.Object(new JsonObject
        {
            ["prompt_tokens"] = Schemas.Typed("integer", "int32"),
            ["completion_tokens"] = Schemas.Typed("integer", "int32"),
            ["total_tokens"] = Schemas.Typed("integer", "int32"),
        });
        if (task == LlmTask.Embeddings)
        {
            return Schemas.Object(new JsonObject
            {
                ["object"] = new JsonObject { ["type"] = "string", ["enum"] = new JsonArray("list") },
                ["model"] = Schemas.Typed("string"),
                ["data"] = Schemas.Array(Schemas.Object(new JsonObject
                {
                    ["object"] = new JsonObject { ["type"] = "string", ["enum"] = new JsonArray("embedding") },
                    ["index"] = Schemas.Typed("integer", "int32"),
                    ["embedding"] = Schemas.Array(Schemas.Typed("number", "float")),
                }, required: ["index", "embedding"])),
                ["usage"] = usage,
            }, required: ["object", "data"]);
        }

        var choice = task == LlmTask.Chat
            ? new JsonObject
            {
                ["index"] = Schemas.Typed("integer", "int32"),
                ["message"] = Schemas.Object(new JsonObject { ["role"] = Schemas.Typed("string"), ["content"] = Schemas.Typed("string") }),
                ["finish_reason"] = Schemas.Typed("string"),
            }
            : new JsonObject
            {
                ["index"] = Schemas.Typed("integer", "int32"),
                ["text"] = Schemas.Typed("string"),
                ["finish_reason"] = Schemas.Typed("string"),
            };
        return Schemas.Object(new JsonObject
        {
            ["id"] = Schemas.Typed("string"),
            ["object"] = new JsonObject
            {
                ["type"] = "string",
                ["enum"] = new JsonArray(task == LlmTask.Chat ? "chat.completion" : "text_completion"),
            },
            ["created"] = new JsonObject { ["type"] = "integer", ["format"] = "int64", ["description"] = "Seconds since the epoch." },
            ["model"] = Schemas.Typed("string"),
            ["choices"] = Schemas.Array(Schemas.Object(choice)),
            ["usage"] = usage,
        }, required: ["choices"]);
    }
}
