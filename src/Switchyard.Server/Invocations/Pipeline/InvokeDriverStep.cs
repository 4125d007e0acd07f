using Switchyard.Server.Drivers;

namespace Switchyard.Server.Invocations.Pipeline;

/// <summary>Hands the query to the chosen entity's driver, which runs the model and writes the answer.</summary>
public sealed class InvokeDriverStep(EntityDrivers drivers) : InvocationStep
{
    public override ValueTask RunAsync(Invocation invocation) =>
        drivers.For(invocation.Entity.Config).InvokeAsync(invocation);
}
