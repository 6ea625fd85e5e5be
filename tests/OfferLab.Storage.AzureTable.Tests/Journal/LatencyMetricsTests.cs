using System.Collections.Concurrent;
using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace OfferLab.Storage.AzureTable.Tests.Journal;

/// <summary>
/// The journal's latency histograms (meter <c>OfferLab.Journal</c>): an append's from its call to its acknowledgement,
/// a transaction's for its round trip to storage, each journal's tagged with its id.
/// </summary>
public sealed class LatencyMetricsTests : IDisposable
{
    private readonly string _table = TestJournals.UniqueTable("journalmetrics");
    private readonly string _journalId = "metrics-" + Guid.NewGuid().ToString("N")[..8];
    private readonly ConcurrentQueue<double> _appends = new();
    private readonly ConcurrentQueue<double> _transactions = new();
    private readonly MeterListener _listener = new();

    public LatencyMetricsTests()
    {
        // Only this test's journal: others run in parallel in the same process.
        _listener.InstrumentPublished = (instrument, listener) =>
        {
            if (instrument.Meter.Name == "OfferLab.Journal"
                && instrument.Meter.Tags?.Any(t => t.Key == "offerlab.journal.id" && Equals(t.Value, _journalId)) == true)
            {
                listener.EnableMeasurementEvents(instrument);
            }
        };
        _listener.SetMeasurementEventCallback<double>((instrument, value, _, _) =>
            (instrument.Name switch
            {
                "offerlab.journal.append.duration" => _appends,
                "offerlab.journal.transaction.duration" => _transactions,
                _ => throw new InvalidOperationException($"Unexpected instrument {instrument.Name}."),
            }).Enqueue(value));
        _listener.Start();
    }

    public void Dispose() => _listener.Dispose();

    [Fact]
    public async Task Every_acknowledged_append_records_its_latency_and_every_transaction_its_round_trip()
    {
        await using var journal = await TestJournals.OpenAsync(_table, configure: o => o.JournalId = _journalId);
        var stopwatch = Stopwatch.StartNew();

        await Task.WhenAll(Enumerable.Range(0, 300).Select(i => Task.Run(() => journal.AppendAsync(TestJournals.Entry(i)))));

        var elapsed = stopwatch.Elapsed.TotalSeconds;
        Assert.Equal(300, _appends.Count);
        Assert.Equal(journal.Statistics.Transactions, _transactions.Count);
        Assert.All(_appends, seconds => Assert.InRange(seconds, 0, elapsed));
        Assert.All(_transactions, seconds => Assert.InRange(seconds, 0, elapsed));
    }

    [Fact]
    public async Task An_append_held_before_its_transaction_is_sent_counts_the_wait_which_the_round_trip_does_not()
    {
        await using var journal = await TestJournals.OpenAsync(_table, configure: o => o.JournalId = _journalId);
        var (held, release) = TestJournals.HoldNextTransaction(journal);

        var append = journal.AppendAsync(TestJournals.Entry(1));
        await held;
        await Task.Delay(TimeSpan.FromMilliseconds(300));
        release.SetResult();
        await append;

        var appended = Assert.Single(_appends);
        var roundTrip = Assert.Single(_transactions);
        Assert.True(appended >= 0.3, $"append {appended:F3} s");
        Assert.True(roundTrip < appended - 0.25, $"round trip {roundTrip:F3} s, append {appended:F3} s");
    }
}
