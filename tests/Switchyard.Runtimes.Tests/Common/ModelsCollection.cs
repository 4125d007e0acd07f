namespace Switchyard.Runtimes.Tests.Common;

/// <summary>Test classes in this collection share one <see cref="ModelsFixture"/> (models load once).</summary>
[CollectionDefinition(Name)]
public sealed class ModelsCollection : ICollectionFixture<ModelsFixture>
{
    public const string Name = "models";
}
