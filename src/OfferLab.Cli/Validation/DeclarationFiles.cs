using OfferLab.Core.Declarations;

namespace OfferLab.Cli.Validation;

/// <summary>
/// Finds declaration files under the paths given on the command line and validates them together, including
/// that no two files declare the same experiment id.
/// </summary>
internal static class DeclarationFiles
{
    /// <summary>One validated file: its name as shown to the user, its text, and the parse result.</summary>
    internal sealed record Checked(string DisplayName, string FullPath, DeclarationResult Result);

    /// <summary>The files under <paramref name="paths"/>, or a usage message when one does not exist or holds none.</summary>
    public static (IReadOnlyList<(string Display, string Full)> Files, string? Problem) Find(IReadOnlyList<string> paths)
    {
        var files = new List<(string, string)>();
        foreach (var given in paths)
        {
            if (File.Exists(given))
            {
                files.Add((Display(given), Path.GetFullPath(given)));
            }
            else if (Directory.Exists(given))
            {
                var found = Enumerate(given).ToList();
                if (found.Count == 0)
                {
                    return ([], $"no *.yaml or *.yml files in '{given}'");
                }

                files.AddRange(found.Select(f => (Display(Path.Join(given.TrimEnd('/', '\\'), Path.GetRelativePath(given, f))), Path.GetFullPath(f))));
            }
            else
            {
                return ([], given.StartsWith('-') ? $"unknown option '{given}'" : $"no such file or folder: '{given}'");
            }
        }

        return (files.DistinctBy(f => f.Item2).ToList(), null);
    }

    /// <summary>Parses every file and adds an error for each experiment id declared by more than one file.</summary>
    public static IReadOnlyList<Checked> Validate(IReadOnlyList<(string Display, string Full)> files)
    {
        var results = files.Select(f => new Checked(f.Display, f.Full, DeclarationParser.ParseFile(f.Full, f.Display))).ToList();
        var firstById = new Dictionary<string, string>(StringComparer.Ordinal);
        for (var i = 0; i < results.Count; i++)
        {
            if (results[i].Result.Declaration is not { } declaration)
            {
                continue;
            }

            if (firstById.TryGetValue(declaration.Id, out var first))
            {
                var error = declaration.Source.ErrorAt("id", $"duplicate experiment id '{declaration.Id}' (also declared in {first})");
                results[i] = results[i] with { Result = new DeclarationResult(null, [error]) };
            }
            else
            {
                firstById[declaration.Id] = results[i].DisplayName;
            }
        }

        return results;
    }

    private static IEnumerable<string> Enumerate(string folder)
    {
        var pending = new Stack<string>([folder]);
        var files = new List<string>();
        while (pending.Count > 0)
        {
            var dir = pending.Pop();
            files.AddRange(Directory.EnumerateFiles(dir).Where(f => f.EndsWith(".yaml", StringComparison.Ordinal) || f.EndsWith(".yml", StringComparison.Ordinal)));
            foreach (var sub in Directory.EnumerateDirectories(dir).Where(d => !Path.GetFileName(d).StartsWith('.')))
            {
                pending.Push(sub);
            }
        }

        return files.Order(StringComparer.Ordinal);
    }

    private static string Display(string path) => path.Replace('\\', '/');
}
