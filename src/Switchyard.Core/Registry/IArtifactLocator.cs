namespace Switchyard.Core.Registry;

/// <summary>Finds the folder in the model store that holds a version's artifact.</summary>
public interface IArtifactLocator
{
    string DirectoryOf(ModelVersion version);
}
