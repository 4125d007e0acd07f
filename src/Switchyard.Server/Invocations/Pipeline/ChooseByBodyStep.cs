namespace Switchyard.Server.Invocations.Pipeline;

/// <summary>
/// On a sticky endpoint queried without the sticky header, chooses the entity once the body is
/// read, keyed by its <c>client_request_id</c> (at random without one). Every other query passes
/// through on one field check.
/// </summary>
public sealed class ChooseByBodyStep : InvocationStep
{
    public override ValueTask RunAsync(Invocation invocation) =>
        invocation.UnitKeyInBody ? ChooseAsync(invocation) : NextAsync(invocation);

    private ValueTask ChooseAsync(Invocation invocation)
    {
        invocation.UnitKeyInBody = false;
        return ChooseEntityStep.TryChoose(invocation, UnitKeys.ClientRequestId(invocation.Body.Span), out var refusal)
            ? NextAsync(invocation)
            : refusal;
    }
}
