using System.Diagnostics;

namespace OfferLab.Benchmarks.Storage;

/// <summary>Runs <c>operations</c> calls with <c>inFlight</c> workers and records each call's latency.</summary>
internal sealed record Measurement(double PerSecond, double P50Milliseconds, double P99Milliseconds)
{
    /// <param name="operations">Total calls.</param>
    /// <param name="inFlight">Workers; worker w makes calls w, w + inFlight, … in sequence.</param>
    /// <param name="call">One call, given its index.</param>
    public static async Task<Measurement> RunAsync(int operations, int inFlight, Func<int, Task> call)
    {
        var latencies = new double[operations];
        var clock = Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, inFlight).Select(async worker =>
        {
            for (var i = worker; i < operations; i += inFlight)
            {
                var start = Stopwatch.GetTimestamp();
                await call(i);
                latencies[i] = Stopwatch.GetElapsedTime(start).TotalMilliseconds;
            }
        }));
        var elapsed = clock.Elapsed.TotalSeconds;
        Array.Sort(latencies);
        return new Measurement(operations / elapsed, Percentile(latencies, 0.50), Percentile(latencies, 0.99));
    }

    private static double Percentile(double[] sorted, double p) =>
        sorted[Math.Min(sorted.Length - 1, (int)Math.Ceiling(p * sorted.Length) - 1)];
}
