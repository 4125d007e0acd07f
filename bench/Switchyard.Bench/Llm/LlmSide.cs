namespace Switchyard.Bench.Llm;

/// <summary>
/// One side at one concurrency in one round: the tokens it produced, the cores the engine's
/// process used (the server, or the direct worker), the cores of the HTTP client (the
/// orchestrator; zero for the direct side) and of other work on the machine.
/// </summary>
public sealed record LlmSide(TokenResult Load, double EngineCores, double ClientCores, double ForeignCores);
