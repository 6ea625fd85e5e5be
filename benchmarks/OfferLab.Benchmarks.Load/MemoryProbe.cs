using System.Globalization;

namespace OfferLab.Benchmarks.Load;

/// <summary>
/// Server memory per customer held: the server's live managed heap (<c>GET /v1/admin/runtime</c>, what survived the
/// last full blocking collection, fragmentation left out) and resident set before and after assigning a number of new,
/// distinct customers (each with a sticky assignment). Both readings follow a forced full GC in the server
/// (<see cref="ServerGc"/>). The heap is the figure judged: the GC keeps memory it freed for reuse, so the resident set
/// can stay flat, or fall, while thousands of customers are added (it did, in runs of 2026-12-01).
/// </summary>
internal static class MemoryProbe
{
    /// <summary>The server's live managed heap after its last full blocking collection, and that collection's index.</summary>
    public static async Task<(long Bytes, long Index)?> HeapAfterFullCollectionAsync(HttpClient admin) =>
        await RuntimeReading.ReadAsync(admin) is { LiveAfterFullCollectionBytes: { } live } reading ? (live, reading.FullCollectionIndex) : null;

    /// <summary>Forces a full collection in the server, then reads its managed heap (null when none could be forced) and resident set.</summary>
    public static async Task<MemoryReading> ReadAfterFullCollectionAsync(int processId, HttpClient admin)
    {
        var previous = await HeapAfterFullCollectionAsync(admin);
        var forced = await ServerGc.CollectAsync(processId);
        var rss = await SettledResidentBytesAsync(processId);
        var heap = await HeapAfterFullCollectionAsync(admin);
        // Only a collection after the first reading counts: an older one would describe the heap before the change.
        var fresh = forced && heap is { } h && (previous is not { } p || h.Index > p.Index);
        return new MemoryReading(rss, fresh ? heap!.Value.Bytes : null);
    }

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

/// <summary>The server's resident set, and its live managed heap after a forced full collection (null when none was forced).</summary>
internal readonly record struct MemoryReading(long ResidentBytes, long? HeapBytes)
{
    /// <summary>How much the heap grew since <paramref name="before"/>, per million customers; null when either heap is unknown.</summary>
    public double? HeapPerMillionSince(MemoryReading before, double customers) =>
        HeapBytes - before.HeapBytes is { } grown ? grown * 1_000_000.0 / customers : null;
}
