using Microsoft.Extensions.Time.Testing;
using OfferLab.Storage.AzureTable.Journal;

namespace OfferLab.Storage.AzureTable.Tests.Journal;

public sealed class RecoveryTests
{
    private readonly string _table = TestJournals.UniqueTable("journalrecovery");

    [Fact]
    public async Task A_journal_reopened_after_a_crash_lists_the_old_unflushed_segments_with_their_records()
    {
        // The first instance is abandoned without dispose, as a killed process would leave it.
        var crashed = await TestJournals.OpenAsync(_table);
        await Task.WhenAll(Enumerable.Range(0, 30).Select(i => crashed.AppendAsync(TestJournals.Entry(i))));
        var older = await crashed.RotateAsync();
        await Task.WhenAll(Enumerable.Range(30, 20).Select(i => crashed.AppendAsync(TestJournals.Entry(i))));
        var newer = crashed.CurrentSegment;

        await using var restarted = await TestJournals.OpenAsync(_table);
        var unflushed = await restarted.ListUnflushedSegmentsAsync();

        Assert.Equal([older, newer, restarted.CurrentSegment], unflushed);
        Assert.Equal(
            Enumerable.Range(0, 50).Select(i => TestJournals.Entry(i).Payload).Order(StringComparer.Ordinal),
            (await restarted.ReadAllAsync(older)).Concat(await restarted.ReadAllAsync(newer)).Select(r => r.Payload).Order(StringComparer.Ordinal));
        Assert.Equal(Enumerable.Range(0, 20).Select(i => (long)i), (await restarted.ReadAllAsync(newer)).Select(r => r.Position.Sequence));
    }

    [Fact]
    public async Task A_flushed_segment_is_no_longer_listed_its_entries_are_deleted_and_a_restart_agrees()
    {
        var time = new FakeTimeProvider(TestJournals.Start);
        var first = await TestJournals.OpenAsync(_table, time);
        await Task.WhenAll(Enumerable.Range(0, 150).Select(i => first.AppendAsync(TestJournals.Entry(i))));
        var flushed = await first.RotateAsync();
        await first.AppendAsync(TestJournals.Entry(150));
        var kept = first.CurrentSegment;
        await first.DisposeAsync();

        // Same clock reading at restart: names must still sort after the old ones.
        await using var second = await TestJournals.OpenAsync(_table, time);
        await second.MarkFlushedAsync(flushed);
        Assert.Equal([kept, second.CurrentSegment], await second.ListUnflushedSegmentsAsync());
        await using var third = await TestJournals.OpenAsync(_table, time);

        Assert.Equal([kept, second.CurrentSegment, third.CurrentSegment], await third.ListUnflushedSegmentsAsync());
        Assert.Empty(await third.ReadAllAsync(flushed));
        Assert.Single(await third.ReadAllAsync(kept));
    }

    [Fact]
    public async Task Flushed_segments_can_be_kept_for_inspection()
    {
        await using var journal = await TestJournals.OpenAsync(_table, configure: o => (o.JournalId, o.DeleteFlushedSegments) = ("keeper", false));
        await journal.AppendAsync(TestJournals.Entry(1));
        var closed = await journal.RotateAsync();

        await journal.MarkFlushedAsync(closed);

        Assert.Equal([journal.CurrentSegment], await journal.ListUnflushedSegmentsAsync());
        Assert.Equal(TestJournals.Entry(1).Payload, Assert.Single(await journal.ReadAllAsync(closed)).Payload);
    }

    [Fact]
    public async Task The_open_segment_cannot_be_marked_flushed_nor_a_segment_never_registered()
    {
        await using var journal = await TestJournals.OpenAsync(_table, configure: o => o.JournalId = "guarded");

        await Assert.ThrowsAsync<InvalidOperationException>(() => journal.MarkFlushedAsync(journal.CurrentSegment));
        await Assert.ThrowsAsync<Azure.RequestFailedException>(() => journal.MarkFlushedAsync("guarded-0000000000000000001-beef"));
        Assert.Equal([journal.CurrentSegment], await journal.ListUnflushedSegmentsAsync());
    }

    [Fact]
    public async Task Journals_with_different_ids_on_one_table_see_only_their_own_segments()
    {
        await using var a = await TestJournals.OpenAsync(_table, configure: o => o.JournalId = "silo/1");
        await using var b = await TestJournals.OpenAsync(_table, configure: o => o.JournalId = "silo/10");

        Assert.Equal([a.CurrentSegment], await a.ListUnflushedSegmentsAsync());
        Assert.Equal([b.CurrentSegment], await b.ListUnflushedSegmentsAsync());
        Assert.StartsWith("silo%2F1-", a.CurrentSegment, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Dispose_stores_every_append_already_accepted_and_refuses_new_ones()
    {
        var journal = await TestJournals.OpenAsync(_table, configure: o => (o.JournalId, o.MaxConcurrentBatches, o.MaxBatchSize) = ("disposed", 1, 10));
        var appends = Enumerable.Range(0, 200).Select(i => journal.AppendAsync(TestJournals.Entry(i))).ToArray();

        await journal.DisposeAsync();

        Assert.All(appends, a => Assert.True(a.IsCompletedSuccessfully));
        Assert.Equal(200, (await journal.ReadAllAsync(journal.CurrentSegment)).Count);
        await Assert.ThrowsAsync<ObjectDisposedException>(() => journal.AppendAsync(TestJournals.Entry(200)));
        await Assert.ThrowsAsync<ObjectDisposedException>(() => journal.InitializeAsync(CancellationToken.None));
    }
}
