namespace Switchyard.Runtimes.Tests.Common;

/// <summary>Finds the repository root (the folder holding Switchyard.slnx) above the test binaries.</summary>
public static class RepositoryRoot
{
    public static string Find()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Switchyard.slnx")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("Switchyard.slnx not found above the test binaries");
    }

    public static string Samples(string model) => Path.Combine(Find(), "samples", "models", model);
}
