namespace Switchyard.Core.Endpoints;

/// <summary>The three kinds of served entity; one endpoint serves one kind only.</summary>
public enum ServedEntityKind
{
    CustomModel,
    ProvisionedThroughput,
    ExternalModel,
}
