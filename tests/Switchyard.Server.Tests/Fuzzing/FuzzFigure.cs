using Xunit.Abstractions;
using Xunit.Sdk;

namespace Switchyard.Server.Tests.Fuzzing;

/// <summary>
/// Carries the fuzzer's figure line to the runner as a diagnostic message, which <c>dotnet test</c>
/// prints at its default verbosity (a passing test's own output is not shown there), so every CI
/// log holds the figure. <c>xunit.runner.json</c> turns diagnostic messages on for this assembly.
/// </summary>
public sealed class FuzzFigure(IMessageSink sink)
{
    public void Report(string figure) => sink.OnMessage(new DiagnosticMessage(figure));
}
