using System.Globalization;
using System.Text.RegularExpressions;
using OfferLab.Testing;

namespace OfferLab.Benchmarks.Load;

/// <summary>
/// Load from <c>wrk</c> with <c>Wrk/phase.lua</c>, which builds every request (unique ids from per-thread counters,
/// pool sessions and tokens from a file), counts statuses and checks a sample of answers. Its summary line
/// carries wrk's own latency percentiles, so nothing is re-measured on this side.
/// </summary>
internal sealed partial class WrkGenerator(Uri baseAddress, int connections, int threads, string bearerKey) : ILoadGenerator
{
    private static readonly string Script = Path.Combine(AppContext.BaseDirectory, "Wrk", "phase.lua");

    public string Description => $"wrk ({Version()}), {threads} thread(s), {connections} connections, Lua-built requests";

    /// <summary>Whether <c>wrk</c> is on the PATH.</summary>
    public static bool IsAvailable() =>
        (Environment.GetEnvironmentVariable("PATH") ?? "").Split(':').Any(dir => File.Exists(Path.Combine(dir, "wrk")));

    public async Task<PhaseResult> RunAsync(PhaseKind phase, TimeSpan duration, string runId, string? file, TimeSpan think = default)
    {
        var mode = phase switch
        {
            PhaseKind.Bare => "bare",
            PhaseKind.NewSession => "new",
            PhaseKind.Repeat => "repeat",
            PhaseKind.ReturningSession => "returning",
            _ => "outcome",
        };
        string[] arguments =
        [
            "-t", threads.ToString(CultureInfo.InvariantCulture),
            "-c", connections.ToString(CultureInfo.InvariantCulture),
            "-d", $"{duration.TotalSeconds.ToString("0", CultureInfo.InvariantCulture)}s",
            "--timeout", "10s",
            "--latency",
            "-H", $"Authorization: Bearer {bearerKey}",
            "-s", Script,
            baseAddress.ToString().TrimEnd('/'),
            "--", mode, runId, file ?? "-", BenchExperiment.Id, threads.ToString(CultureInfo.InvariantCulture),
        ];
        // phase.lua defines wrk's delay() only when this is set: a think time read at script load, as wrk requires.
        var environment = new Dictionary<string, string?>
        {
            ["OFFERLAB_THINK_MS"] = think > TimeSpan.Zero ? think.TotalMilliseconds.ToString("0", CultureInfo.InvariantCulture) : null,
        };
        await using var wrk = ChildProcess.Start("wrk", arguments, environment);
        var exit = await wrk.WaitForExitAsync(duration + TimeSpan.FromSeconds(60));
        var summary = SummaryLine().Match(wrk.Output);
        if (exit != 0 || !summary.Success)
        {
            throw new InvalidOperationException($"wrk exited with {exit} and no summary. Output:\n{wrk.Output}");
        }

        long Field(string name) => long.Parse(summary.Groups[name].Value, CultureInfo.InvariantCulture);
        var mismatch = MismatchLine().Match(wrk.Output);
        return new PhaseResult(
            Field("requests"),
            Field("duration") / 1e6,
            Field("p50") / 1e3,
            Field("p99") / 1e3,
            Field("s4xx") + Field("s5xx") + Field("other"),
            Field("s5xx"),
            Field("socket") + Field("timeouts"),
            Field("checked"),
            Field("mismatched"),
            mismatch.Success ? mismatch.Groups[1].Value.Trim() : null);
    }

    private static string Version()
    {
        // `wrk -v` prints its version and usage, then exits 1; only the first line matters.
        using var process = System.Diagnostics.Process.Start(new System.Diagnostics.ProcessStartInfo("wrk", "-v")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        })!;
        var first = process.StandardOutput.ReadLine() ?? "";
        process.WaitForExit();
        return first.Split(" [")[0].Trim();
    }

    [GeneratedRegex(@"OFFERLAB-WRK requests=(?<requests>\d+) duration_us=(?<duration>\d+) p50_us=(?<p50>\d+) p99_us=(?<p99>\d+) s2xx=\d+ s4xx=(?<s4xx>\d+) s5xx=(?<s5xx>\d+) other=(?<other>\d+) checked=(?<checked>\d+) mismatched=(?<mismatched>\d+) socket_errors=(?<socket>\d+) timeouts=(?<timeouts>\d+)")]
    private static partial Regex SummaryLine();

    [GeneratedRegex("OFFERLAB-WRK-MISMATCH (.*)")]
    private static partial Regex MismatchLine();
}
