using Switchyard.Core.Errors;
using Switchyard.Core.Llm;
using Switchyard.Server.Drivers.Llm;
using Switchyard.Server.Http;
using Switchyard.Server.Tests.Fuzzing;

namespace Switchyard.Server.Tests.Drivers.Llm;

/// <summary>
/// The LLM reader checks a body as it reads it instead of parsing it into a tree first. It must
/// refuse exactly the bodies the tree's checks refuse (<see cref="JsonBody.ParseObject"/>: syntax,
/// depth, text, no property twice), whatever the fields say, and never fail in any other way: the
/// fuzzer's bodies and seeded mutations of its LLM templates, read as each task.
/// </summary>
public sealed class LlmRequestReaderAgreementTests
{
    private const int Seed = 20261204;
    private const int Mutations = 4000;

    [Fact]
    public void TheReaderRefusesAsMalformed_ExactlyTheBodiesTheTreeRefuses()
    {
        var random = new Random(Seed);
        var bodies = FuzzBodies.Structural().Concat(FuzzBodies.RandomBytes(random, 300))
            .Concat(Enumerable.Range(0, Mutations).Select(i => FuzzBodies.Mutation(random, i % 2 == 0 ? "/chat/completions" : "/completions")))
            .Where(body => body.Bytes is not null)
            .ToList();
        var disagreements = new List<string>();
        var (malformed, wellFormed) = (0, 0);
        foreach (var body in bodies)
        {
            var treeRefuses = TreeRefuses(body.Bytes!);
            _ = treeRefuses ? malformed++ : wellFormed++;
            foreach (var task in new[] { LlmTask.Chat, LlmTask.Completions, LlmTask.Embeddings })
            {
                var readerRefuses = ReaderRefusesAsMalformed(body.Bytes!, task, out var message);
                if (readerRefuses != treeRefuses)
                {
                    disagreements.Add($"{body.Description} as {task}: tree {(treeRefuses ? "refuses" : "accepts")}, reader says: {message}");
                }
            }
        }

        // Both kinds must be well represented, or the agreement says little.
        Assert.True(malformed > 300 && wellFormed > 1000, $"{malformed} malformed and {wellFormed} well-formed bodies");
        Assert.True(disagreements.Count == 0, string.Join("\n", disagreements.Take(20)));
    }

    private static bool TreeRefuses(byte[] body)
    {
        try
        {
            JsonBody.ParseObject(body);
            return false;
        }
        catch (ServingException)
        {
            return true;
        }
    }

    /// <summary>True when the reader refused the body itself; false when it read it (or refused only its fields).</summary>
    private static bool ReaderRefusesAsMalformed(byte[] body, LlmTask task, out string message)
    {
        try
        {
            LlmRequestReader.Read(body, task, "e");
            message = "(read)";
            return false;
        }
        catch (ServingException error)
        {
            message = error.Message;
            return IsAboutTheBody(error.Message);
        }
    }

    private static bool IsAboutTheBody(string message) =>
        message.StartsWith("Malformed JSON", StringComparison.Ordinal)
        || message.StartsWith("The request body is empty", StringComparison.Ordinal)
        || message.StartsWith("The request body must be a JSON object", StringComparison.Ordinal)
        || message.Contains("gives the same property twice.", StringComparison.Ordinal)
        || message.Contains("is not well-formed text", StringComparison.Ordinal);
}
