using System.Globalization;

namespace OfferLab.Benchmarks.Load;

/// <summary>
/// Server memory per customer held: the server's resident set before and after assigning a number of new, distinct
/// customers (each a customer grain with a sticky assignment). Both readings follow a forced full GC in the server
/// (<see cref="ServerGc"/>) and wait for the resident set to settle.
/// </summary>
internal static class MemoryProbe
{
    /// <summary>VmRSS of a process, in bytes, from <c>/proc/&lt;pid&gt;/status</c>.</summary>
    public static long ResidentBytes(int processId)
    {
        foreach (var line in File.ReadLines($"/proc/{processId}/status"))
        {
            if (line.StartsWith("VmRSS:", StringComparison.Ordinal))
            {
                var kib = line["VmRSS:".Length..].Trim().Split(' ')[0];
                return long.Parse(kib, CultureInfo.InvariantCulture) * 1024;
            }
        }

        throw new InvalidOperationException($"No VmRSS in /proc/{processId}/status.");
    }

    /// <summary>Reads the resident set every 500 ms until two readings differ by under 1%, or 10 s have passed.</summary>
    public static async Task<long> SettledResidentBytesAsync(int processId)
    {
        var last = ResidentBytes(processId);
        for (var i = 0; i < 20; i++)
        {
            await Task.Delay(500);
            var now = ResidentBytes(processId);
            if (Math.Abs(now - last) < last / 100)
            {
                return now;
            }

            last = now;
        }

        return last;
    }

    /// <summary>Assigns <paramref name="customers"/> new customers, <paramref name="concurrency"/> at a time; each must be a fresh assignment.</summary>
    public static Task AssignNewCustomersAsync(HttpClient storefront, int customers, int concurrency, string runId) =>
        Parallel.ForEachAsync(Enumerable.Range(0, customers), new ParallelOptions { MaxDegreeOfParallelism = concurrency }, async (i, cancel) =>
        {
            var (reason, _) = await SessionPool.AssignAsync(storefront, $"mem-c-{runId}-{i}", $"mem-s-{runId}-{i}", cancel);
            if (reason != "assigned")
            {
                throw new InvalidOperationException($"New customer mem-c-{runId}-{i} was answered '{reason}', not 'assigned'.");
            }
        });
}
