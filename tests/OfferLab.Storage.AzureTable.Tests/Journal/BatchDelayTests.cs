using Microsoft.Extensions.Time.Testing;
using OfferLab.Storage.AzureTable.Journal;

namespace OfferLab.Storage.AzureTable.Tests.Journal;

/// <summary>
/// <see cref="JournalOptions.MaxBatchDelay"/>: while a transaction is in flight the next batch waits (on the journal's
/// clock) to fill up; an idle journal stores a lone append at once.
/// </summary>
public sealed class BatchDelayTests
{
    private static readonly TimeSpan Guard = TimeSpan.FromSeconds(30);
    private static readonly TimeSpan Delay = TimeSpan.FromMilliseconds(500);
    private readonly string _table = TestJournals.UniqueTable("journaldelay");

    [Fact]
    public async Task An_idle_journal_stores_a_lone_append_without_waiting_for_the_delay()
    {
        var time = new FakeTimeProvider(TestJournals.Start);
        await using var journal = await TestJournals.OpenAsync(_table, time, o => o.MaxBatchDelay = Delay);

        // The fake clock never moves: a wait for the delay would never end.
        var first = await journal.AppendAsync(TestJournals.Entry(0)).WaitAsync(Guard);
        var second = await journal.AppendAsync(TestJournals.Entry(1)).WaitAsync(Guard);

        Assert.Equal([0L, 1L], new[] { first.Sequence, second.Sequence });
        Assert.Equal(2, journal.Statistics.Transactions);
    }

    [Fact]
    public async Task Appends_made_while_a_transaction_is_in_flight_wait_for_the_delay_and_go_together()
    {
        var time = new FakeTimeProvider(TestJournals.Start);
        await using var journal = await TestJournals.OpenAsync(_table, time, o =>
        {
            o.JournalId = "delay-fills";
            o.MaxBatchDelay = Delay;
        });
        var (held, release) = TestJournals.HoldNextTransaction(journal);

        var first = journal.AppendAsync(TestJournals.Entry(0));
        await held.WaitAsync(Guard);
        var later = Enumerable.Range(1, 20).Select(i => journal.AppendAsync(TestJournals.Entry(i))).ToArray();

        // The batch waits only if it is cut while the first transaction is still in flight: give the dispatcher time to
        // get there before letting the first one end (released at once, a busy machine failed this test now and then).
        await Task.Delay(300);
        release.SetResult();
        await first.WaitAsync(Guard);

        // The first transaction is done, but the next batch was cut while it was in flight: it waits for the clock.
        await Task.Delay(300);
        Assert.All(later, a => Assert.False(a.IsCompleted));
        time.Advance(Delay);
        var positions = await Task.WhenAll(later).WaitAsync(Guard);

        Assert.Equal(Enumerable.Range(1, 20).Select(i => (long)i), positions.Select(p => p.Sequence).Order());
        Assert.Equal(2, journal.Statistics.Transactions);
        Assert.Equal(21, journal.Statistics.Entries);
    }

    [Fact]
    public async Task Disposing_stores_a_batch_waiting_for_the_delay_without_waiting_on_the_clock()
    {
        // The fake clock never moves: without disposal ending the delay, DisposeAsync would wait forever.
        var time = new FakeTimeProvider(TestJournals.Start);
        var journal = await TestJournals.OpenAsync(_table, time, o =>
        {
            o.JournalId = "delay-dispose";
            o.MaxBatchDelay = Delay;
        });
        var (held, release) = TestJournals.HoldNextTransaction(journal);
        var first = journal.AppendAsync(TestJournals.Entry(0));
        await held.WaitAsync(Guard);
        var waiting = journal.AppendAsync(TestJournals.Entry(1));
        await Task.Delay(300);
        release.SetResult();
        await first.WaitAsync(Guard);
        Assert.False(waiting.IsCompleted);

        await journal.DisposeAsync().AsTask().WaitAsync(Guard);

        Assert.Equal(1, (await waiting).Sequence);
        Assert.Equal(2, journal.Statistics.Entries);
    }
}
