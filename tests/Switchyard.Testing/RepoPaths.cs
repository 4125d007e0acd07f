namespace Switchyard.Testing;

/// <summary>Finds files of the repository (the shipped samples) from the test's output folder.</summary>
public static class RepoPaths
{
    public static string Root { get; } = FindRoot();

    public static string SampleModel(string folder) => Path.Combine(Root, "samples", "models", folder);

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Switchyard.slnx")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("Switchyard.slnx not found above the test folder.");
    }
}
