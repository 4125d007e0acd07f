using Switchyard.Core.Gateway;
using Switchyard.Server.Gateway.Guardrails;

namespace Switchyard.Server.Tests.Gateway.Guardrails;

/// <summary>Guards built as the server builds them, for the unit tests.</summary>
internal static class Guards
{
    private static readonly GuardrailCompiler Compiler = new(SafetyList.Builtin());

    public static Guard Mask { get; } = Input(PiiBehavior.Mask);

    public static Guard Block { get; } = Input(PiiBehavior.Block);

    public static Guard Input(PiiBehavior pii = PiiBehavior.None, bool safety = false, string[]? keywords = null, string[]? topics = null) =>
        Compiler.Input(new GuardrailParameters(pii, safety, keywords ?? [], topics ?? []));

    public static Guard Output(PiiBehavior pii = PiiBehavior.None, bool safety = false, string[]? keywords = null, string[]? topics = null) =>
        Compiler.Output(new GuardrailParameters(pii, safety, keywords ?? [], topics ?? []));
}
