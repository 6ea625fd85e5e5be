using System.Diagnostics;
using OfferLab.Testing;

namespace OfferLab.Cli.Tests.Validation;

/// <summary>Runs the built <c>offerlab.dll</c> as a real process and captures stdout, stderr and the exit code.</summary>
internal static class OfferlabProcess
{
    public static async Task<(int Exit, string[] Out, string Err)> RunAsync(string workingDirectory, params string[] args)
    {
        var info = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = workingDirectory,
        };
        info.ArgumentList.Add(RepositoryPaths.BuiltAssembly("OfferLab.Cli", "offerlab"));
        foreach (var arg in args)
        {
            info.ArgumentList.Add(arg);
        }

        info.Environment.Remove("OFFERLAB_SERVER");
        info.Environment.Remove("OFFERLAB_KEY");
        using var process = Process.Start(info)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        var lines = (await stdout).Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => l.TrimEnd('\r')).ToArray();
        return (process.ExitCode, lines, await stderr);
    }
}
