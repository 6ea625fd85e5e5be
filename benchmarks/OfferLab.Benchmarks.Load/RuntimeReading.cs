using System.Text.Json;
using OfferLab.Storage.AzureTable.Journal;

namespace OfferLab.Benchmarks.Load;

/// <summary>
/// The server's garbage collector counters at one moment (<c>GET /v1/admin/runtime</c>): bytes allocated since it
/// started, collections so far (<c>GC.CollectionCount</c> of generations 0, 1 and 2: a collection of a generation counts
/// for the younger ones too), the time it has paused the process in all, the live heap after its last full blocking
/// collection (null before any; fragmentation left out) with that collection's index, and the background collections the
/// server's keep-alive asked for (0 from a server without it), and the journal's transactions, entries and latency
/// counts so far (empty from a server without them).
/// </summary>
internal sealed record RuntimeReading(
    long AllocatedBytes,
    int Collections,
    int Gen1Collections,
    int Gen2Collections,
    double PausedMilliseconds,
    long? LiveAfterFullCollectionBytes,
    long FullCollectionIndex,
    long KeepAliveCollections,
    long JournalTransactions,
    long JournalEntries,
    long[] JournalAppendLatency,
    long[] JournalTransactionLatency)
{
    public static async Task<RuntimeReading> ReadAsync(HttpClient admin)
    {
        using var response = await admin.GetAsync(new Uri("/v1/admin/runtime", UriKind.Relative));
        response.EnsureSuccessStatusCode();
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        var root = body.RootElement;
        var collections = root.GetProperty("collections");
        var journal = root.TryGetProperty("journal", out var found) ? found : default;
        return new RuntimeReading(
            root.GetProperty("allocatedSinceStartBytes").GetInt64(),
            collections[0].GetInt32(),
            collections[1].GetInt32(),
            collections[2].GetInt32(),
            root.GetProperty("pausedMilliseconds").GetDouble(),
            root.GetProperty("liveAfterFullCollectionBytes") is { ValueKind: JsonValueKind.Number } live ? live.GetInt64() : null,
            root.GetProperty("fullCollectionIndex").GetInt64(),
            root.TryGetProperty("keepAliveCollections", out var keepAlive) ? keepAlive.GetInt64() : 0,
            journal.ValueKind == JsonValueKind.Object ? journal.GetProperty("transactions").GetInt64() : 0,
            journal.ValueKind == JsonValueKind.Object ? journal.GetProperty("entries").GetInt64() : 0,
            Counts(journal, "appendLatency"),
            Counts(journal, "transactionLatency"));
    }

    private static long[] Counts(JsonElement journal, string name) =>
        journal.ValueKind == JsonValueKind.Object && journal.TryGetProperty(name, out var counts)
            ? [.. counts.EnumerateArray().Select(c => c.GetInt64())]
            : [];
}

/// <summary>
/// What a phase cost the server's garbage collector: over the measured window, and over the whole phase (warm-up to the
/// checkpoint of its records, as <see cref="PhaseCpu"/> counts its CPU). Pauses stop every request the server holds,
/// so the share of the window spent paused is a large part of the saturated p99 (not all of it: see the README).
/// </summary>
internal sealed record PhaseGarbage(RuntimeReading Start, RuntimeReading WindowStart, RuntimeReading WindowEnd, RuntimeReading End, long Requests, long RequestsWhole, TimeSpan Window)
{
    public double WindowKilobytesPerRequest => Requests > 0 ? (WindowEnd.AllocatedBytes - WindowStart.AllocatedBytes) / 1024.0 / Requests : 0;

    public double WholeKilobytesPerRequest => RequestsWhole > 0 ? (End.AllocatedBytes - Start.AllocatedBytes) / 1024.0 / RequestsWhole : 0;

    public int WindowCollections => WindowEnd.Collections - WindowStart.Collections;

    public int WindowOlderCollections => WindowEnd.Gen1Collections - WindowStart.Gen1Collections;

    public int WindowGen2Collections => WindowEnd.Gen2Collections - WindowStart.Gen2Collections;

    public long WindowKeepAliveCollections => WindowEnd.KeepAliveCollections - WindowStart.KeepAliveCollections;

    public double WindowPausedMilliseconds => WindowEnd.PausedMilliseconds - WindowStart.PausedMilliseconds;

    public double WindowPausedShare => Window > TimeSpan.Zero ? WindowPausedMilliseconds / Window.TotalMilliseconds : 0;

    /// <summary>
    /// The journal in the window: its appends' latency (call to acknowledgement: the durable share of a request's),
    /// its transactions' round trip to storage, and entries per transaction; null when the server reported none.
    /// </summary>
    public JournalWindow? Journal
    {
        get
        {
            var (start, end) = (WindowStart, WindowEnd);
            double? Quantile(Func<RuntimeReading, long[]> counts, double q) => LatencyHistogram.QuantileMilliseconds(counts(start), counts(end), q);
            if (end.JournalAppendLatency.Length == 0 || start.JournalAppendLatency.Length != end.JournalAppendLatency.Length
                || Quantile(r => r.JournalAppendLatency, 0.5) is not { } appendP50)
            {
                return null;
            }

            return new JournalWindow(
                appendP50,
                Quantile(r => r.JournalAppendLatency, 0.99)!.Value,
                Quantile(r => r.JournalTransactionLatency, 0.5) ?? 0,
                Quantile(r => r.JournalTransactionLatency, 0.99) ?? 0,
                end.JournalTransactions - start.JournalTransactions,
                end.JournalEntries - start.JournalEntries);
        }
    }
}

/// <summary>The journal over one window: percentiles in milliseconds (upper bounds of 9 %-wide buckets), transactions and entries.</summary>
internal sealed record JournalWindow(double AppendP50, double AppendP99, double TransactionP50, double TransactionP99, long Transactions, long Entries)
{
    public double EntriesPerTransaction => Transactions > 0 ? Entries / (double)Transactions : 0;

    public override string ToString() => string.Create(System.Globalization.CultureInfo.InvariantCulture,
        $"append p50 {AppendP50,5:0.0} ms  p99 {AppendP99,5:0.0} ms   storage round trip p50 {TransactionP50,5:0.0} ms  p99 {TransactionP99,5:0.0} ms   {Transactions,6:N0} transactions of {EntriesPerTransaction,4:N1} entries");
}
