namespace OfferLab.Testing;

/// <summary>Finds the repository the tests run from, so fixtures can use its scripts and built programs.</summary>
public static class RepositoryPaths
{
    private static readonly Lazy<string> RootLazy = new(FindRoot);

    /// <summary>The folder holding <c>OfferLab.sln</c>.</summary>
    public static string Root => RootLazy.Value;

    /// <summary>The build configuration the tests were built with, used to find sibling programs.</summary>
    public static string Configuration =>
#if DEBUG
        "Debug";
#else
        "Release";
#endif

    /// <summary>The built entry assembly of a project under <c>src/</c>, e.g. <c>OfferLab.Server</c>.</summary>
    public static string BuiltAssembly(string project, string? assemblyName = null)
    {
        var path = Path.Combine(Root, "src", project, "bin", Configuration, "net10.0", (assemblyName ?? project) + ".dll");
        return File.Exists(path)
            ? path
            : throw new FileNotFoundException($"{project} is not built at {path}; build the solution first.", path);
    }

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "OfferLab.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException($"No OfferLab.sln above {AppContext.BaseDirectory}.");
    }
}
