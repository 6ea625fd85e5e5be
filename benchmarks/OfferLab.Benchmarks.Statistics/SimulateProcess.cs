using System.Diagnostics;
using System.Text.Json;

namespace OfferLab.Benchmarks.Statistics;

/// <summary>
/// Runs the built <c>offerlab simulate ... --json</c> as its own process, so scenarios 1-3 and 6 measure exactly what
/// a user runs (parsing the file, the parallel engine, output), including its start-up, in wall time.
/// </summary>
internal sealed class SimulateProcess(string root)
{
    private readonly string _dll = Path.Combine(root, "src", "OfferLab.Cli", "bin", "Release", "net10.0", "offerlab.dll");

    /// <summary>The parsed JSON, the wall time, and the command as a user types it at the repository root.</summary>
    public (JsonElement Json, TimeSpan Wall, string Command) Run(string file, string truth, int users, int runs, int periodUsers, ulong seed)
    {
        if (!File.Exists(_dll))
        {
            throw new FileNotFoundException($"offerlab is not built at {_dll}; run benchmarks/statistics.sh (it builds) or build src/OfferLab.Cli in Release.");
        }

        string[] args = ["simulate", file, "--truth", truth, "--users", $"{users}", "--runs", $"{runs}", "--period-users", $"{periodUsers}", "--seed", $"{seed}", "--json"];
        var info = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false, WorkingDirectory = root };
        info.ArgumentList.Add(_dll);
        foreach (var arg in args)
        {
            info.ArgumentList.Add(arg);
        }

        var clock = Stopwatch.StartNew();
        using var process = Process.Start(info)!;
        var stderr = process.StandardError.ReadToEndAsync();
        var stdout = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        clock.Stop();
        var command = "./offerlab " + string.Join(' ', args);
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"'{command}' exited {process.ExitCode}: {stderr.Result}");
        }

        using var document = JsonDocument.Parse(stdout);
        return (document.RootElement.Clone(), clock.Elapsed, command);
    }
}
