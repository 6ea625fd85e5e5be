using System.Globalization;
using Microsoft.Extensions.Logging.Abstractions;
using OfferLab.Storage.AzureTable.Journal;

namespace OfferLab.Benchmarks.Storage;

/// <summary>
/// Group-commit journal appends against Azurite: appends/s and append latency at several numbers of concurrent
/// appenders, each append awaited (durable) before the appender makes its next one.
/// </summary>
internal static class JournalPhase
{
    public static readonly string[] Header = ["appenders", "appends/s", "p50 ms", "p99 ms", "entries/transaction"];

    public static async Task<List<string[]>> RunAsync(string connectionString, int operations)
    {
        // ~300 bytes, like an exposure or outcome event.
        var payload = $$"""{"kind":"outcome","experiment":"burger-sides","version":3,"period":17,"variant":"fries-large","customer":"c-0000000","session":"s-00000000","value":4.5,"token":"{{new string('t', 160)}}"}""";
        var rows = new List<string[]>();
        await using var journal = new AzureTableEventJournal(
            new JournalOptions { ConnectionString = connectionString, TableName = "benchjournal" + Guid.NewGuid().ToString("N")[..12] },
            TimeProvider.System,
            NullLogger<AzureTableEventJournal>.Instance);
        await journal.InitializeAsync(CancellationToken.None);
        await Measurement.RunAsync(500, 16, i => journal.AppendAsync(new JournalEntry($"c-{i}", payload))); // warm-up
        foreach (var appenders in new[] { 1, 16, 64, 256 })
        {
            var before = journal.Statistics;
            var count = Math.Max(operations, appenders * 20);
            var measured = await Measurement.RunAsync(count, appenders, i => journal.AppendAsync(new JournalEntry($"c-{i}", payload)));
            var after = journal.Statistics;
            var perTransaction = (double)(after.Entries - before.Entries) / (after.Transactions - before.Transactions);
            rows.Add(
            [
                appenders.ToString(CultureInfo.InvariantCulture),
                measured.PerSecond.ToString("F0", CultureInfo.InvariantCulture),
                measured.P50Milliseconds.ToString("F2", CultureInfo.InvariantCulture),
                measured.P99Milliseconds.ToString("F2", CultureInfo.InvariantCulture),
                perTransaction.ToString("F1", CultureInfo.InvariantCulture),
            ]);
        }

        return rows;
    }
}
