using Switchyard.Core.Errors;
using Switchyard.Core.Llm;

namespace Switchyard.Providers.OpenAi;

/// <summary>
/// What the providers speaking OpenAI's API share once each has decided its dialect (<c>openai</c>
/// here; <c>custom</c>, <c>databricks-model-serving</c> and <c>ai21labs</c> in their own folders):
/// the model over the dialect, and the URLs joined from a configured root.
/// </summary>
internal static class OpenAiCompatible
{
    public static IGenerativeModel Model(ProviderContext context, OpenAiDialect dialect) =>
        new OpenAiCompatibleModel(dialect, context.Http, context.Spec.Task, context.Spec.Name);

    public static Uri Url(string root, string path) =>
        Uri.TryCreate(root + path, UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https"
            ? uri
            : throw new ServingException(ErrorCode.InvalidParameterValue, $"'{root}' is not an absolute http or https URL.");
}
