using System.Runtime;
using OfferLab.Storage.AzureTable.Journal;

namespace OfferLab.Server.Health;

/// <summary>
/// <c>GET /v1/admin/runtime</c> (admin): the server process's memory as the garbage collector sees it. The resident set
/// says little about what the server holds: the collector keeps memory it freed for reuse, so the resident set can
/// stay flat, or even fall, while thousands of customers are added. The managed heap after the last full blocking
/// collection is the figure to watch (the load benchmark forces one, then reads this). With it, the journal's latencies
/// so far as cumulative histogram counts, which two readings turn into a window's percentiles.
/// </summary>
internal static class RuntimeApi
{
    public static IEndpointRouteBuilder MapRuntimeApi(this IEndpointRouteBuilder app)
    {
        app.MapGet("/v1/admin/runtime", (IEventJournal journal) => TypedResults.Ok(Read(journal)))
            .RequireAuthorization(Auth.Roles.Admin)
            .WithTags("Admin")
            .WithSummary("The server's managed heap and collections, and the journal's latencies (for operators and the load benchmark).");
        return app;
    }

    private static RuntimeMemory Read(IEventJournal journal)
    {
        var latency = journal.Latency;
        var statistics = journal.Statistics;
        var full = GC.GetGCMemoryInfo(GCKind.FullBlocking);
        var last = GC.GetGCMemoryInfo(GCKind.Any);
        return new RuntimeMemory(
            GCSettings.IsServerGC ? "server" : "workstation",
            full.Index == 0 ? null : full.HeapSizeBytes,
            full.Index == 0 ? null : full.HeapSizeBytes - full.FragmentedBytes,
            full.Index,
            last.HeapSizeBytes,
            last.TotalCommittedBytes,
            GC.GetTotalMemory(forceFullCollection: false),
            GC.GetTotalAllocatedBytes(precise: false),
            Environment.WorkingSet,
            [GC.CollectionCount(0), GC.CollectionCount(1), GC.CollectionCount(2)],
            GC.GetTotalPauseDuration().TotalMilliseconds,
            BackgroundGcKeepAlive.Requested,
            new JournalReading(statistics.Transactions, statistics.Entries, LatencyHistogram.BucketsPerDoubling, latency.Appends, latency.Transactions));
    }

    /// <param name="Transactions">Journal transactions stored so far.</param>
    /// <param name="Entries">Entries they stored.</param>
    /// <param name="BucketsPerDoubling">
    /// The latency buckets' width: bucket <c>b</c> counts latencies below 2^((b + 1) / BucketsPerDoubling) µs.
    /// </param>
    /// <param name="AppendLatency">Acknowledged appends so far per bucket, from the append's call to its acknowledgement.</param>
    /// <param name="TransactionLatency">Stored transactions so far per bucket, for their round trip to storage.</param>
    internal sealed record JournalReading(long Transactions, long Entries, int BucketsPerDoubling, long[] AppendLatency, long[] TransactionLatency);

    /// <param name="Gc">The collector's flavour: <c>workstation</c> or <c>server</c>.</param>
    /// <param name="HeapAfterFullCollectionBytes">Managed heap after the last full blocking collection; null before any.</param>
    /// <param name="LiveAfterFullCollectionBytes">
    /// The same heap without its fragmentation (free space between objects that the collector did not compact away):
    /// the objects that survived that collection.
    /// </param>
    /// <param name="FullCollectionIndex">Which collection that was (it grows with every collection).</param>
    /// <param name="HeapAfterLastCollectionBytes">Managed heap after the last collection of any kind.</param>
    /// <param name="CommittedBytes">Memory the collector has committed (in use or kept for reuse).</param>
    /// <param name="AllocatedNowBytes">Managed bytes allocated now, garbage not yet collected included.</param>
    /// <param name="AllocatedSinceStartBytes">Managed bytes allocated since the process started (the allocation rate, read twice).</param>
    /// <param name="WorkingSetBytes">The process's resident set.</param>
    /// <param name="Collections">Collections so far of generations 0, 1 and 2.</param>
    /// <param name="PausedMilliseconds">Time the collector has paused the process in all.</param>
    /// <param name="KeepAliveCollections">Background collections asked for to keep the collector's background thread (<see cref="BackgroundGcKeepAlive"/>).</param>
    /// <param name="Journal">The journal's transactions and latencies so far.</param>
    internal sealed record RuntimeMemory(
        string Gc,
        long? HeapAfterFullCollectionBytes,
        long? LiveAfterFullCollectionBytes,
        long FullCollectionIndex,
        long HeapAfterLastCollectionBytes,
        long CommittedBytes,
        long AllocatedNowBytes,
        long AllocatedSinceStartBytes,
        long WorkingSetBytes,
        int[] Collections,
        double PausedMilliseconds,
        long KeepAliveCollections,
        JournalReading Journal);
}
