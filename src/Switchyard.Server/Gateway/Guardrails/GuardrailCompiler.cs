using System.Runtime.CompilerServices;
using Switchyard.Core.Gateway;

namespace Switchyard.Server.Gateway.Guardrails;

/// <summary>
/// Hands out the <see cref="Guard"/> of an endpoint's guardrails, compiled the first time a config
/// is asked for and kept as long as that config object lives: an endpoint's snapshot holds one
/// config object for every query it serves, so each query after the first finds its guard with
/// one table look-up and compiles nothing.
/// </summary>
public sealed class GuardrailCompiler
{
    private readonly ConditionalWeakTable<GuardrailParameters, Guard> _inputs = new();
    private readonly ConditionalWeakTable<GuardrailParameters, Guard> _outputs = new();
    private readonly ConditionalWeakTable<GuardrailParameters, Guard>.CreateValueCallback _compileInput;
    private readonly ConditionalWeakTable<GuardrailParameters, Guard>.CreateValueCallback _compileOutput;

    public GuardrailCompiler(SafetyList safety)
    {
        _compileInput = parameters => new Guard(new CompiledGuardrails(parameters, safety), GuardSide.Input);
        _compileOutput = parameters => new Guard(new CompiledGuardrails(parameters, safety), GuardSide.Output);
    }

    /// <summary>The guard of what the model is sent; refusals say "The request was blocked by the endpoint's input guardrails: …".</summary>
    public Guard Input(GuardrailParameters parameters) => _inputs.GetValue(parameters, _compileInput);

    /// <summary>The guard of what the caller is answered; refusals say "The answer was blocked by the endpoint's output guardrails: …".</summary>
    public Guard Output(GuardrailParameters parameters) => _outputs.GetValue(parameters, _compileOutput);

    /// <summary>The output guard of an endpoint's gateway config, or null when its output has no guardrails (then nothing is checked).</summary>
    public Guard? OutputOf(AiGatewayConfig gateway) =>
        gateway.Guardrails.Output is { Any: true } output ? Output(output) : null;
}
