namespace Switchyard.Core.Runtimes;

/// <summary>
/// Whatever a served entity runs once loaded: a custom model that scores MLflow requests
/// (<see cref="ILoadedModel"/>) or a generative model that answers LLM queries
/// (<see cref="Llm.IGenerativeModel"/>). Disposing it frees what it holds (sessions, weights,
/// connections); callers dispose only after no request can still reach it.
/// </summary>
public interface IServedModel : IDisposable;
