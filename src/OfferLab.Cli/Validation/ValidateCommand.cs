using System.CommandLine;

namespace OfferLab.Cli.Validation;

/// <summary><c>offerlab validate [PATH...]</c>: every error as <c>file:line:col: key.path: message</c> on stdout, a summary on stderr.</summary>
internal static class ValidateCommand
{
    public static Command Create()
    {
        var paths = Paths();
        var command = new Command("validate", "Check experiment declarations; exit 0 when all are valid, 1 when any is not, 2 on usage errors.") { paths };
        command.SetAction(async (parse, cancel) =>
        {
            var (files, problem) = DeclarationFiles.Find(parse.GetValue(paths) ?? []);
            if (problem is not null)
            {
                await Console.Error.WriteLineAsync("offerlab validate: " + problem);
                return CommandLine.Usage;
            }

            var results = DeclarationFiles.Validate(files);
            return await ReportAsync(results) ? CommandLine.Ok : CommandLine.Failed;
        });
        return command;
    }

    /// <summary>The PATH... argument shared with <c>apply</c>; defaults to <c>experiments/</c>.</summary>
    public static Argument<string[]> Paths() => new("paths")
    {
        Description = "Declaration files or folders (folders: every *.yaml and *.yml, skipping hidden folders). Default: experiments/",
        Arity = ArgumentArity.ZeroOrMore,
        DefaultValueFactory = _ => ["experiments/"],
    };

    /// <summary>Prints every error and the summary; true when every file is valid.</summary>
    public static async Task<bool> ReportAsync(IReadOnlyList<DeclarationFiles.Checked> results)
    {
        var errors = 0;
        foreach (var error in results.SelectMany(r => r.Result.Errors))
        {
            errors++;
            await Console.Out.WriteLineAsync(error.ToString());
        }

        var invalid = results.Count(r => !r.Result.IsValid);
        await Console.Error.WriteLineAsync(invalid == 0
            ? $"{results.Count} {Files(results.Count)} valid"
            : $"{invalid} of {results.Count} {Files(results.Count)} invalid, {errors} {(errors == 1 ? "error" : "errors")}");
        return invalid == 0;
    }

    private static string Files(int n) => n == 1 ? "file" : "files";
}
