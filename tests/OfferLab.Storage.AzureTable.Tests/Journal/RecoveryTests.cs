using Azure;
using Azure.Data.Tables;
using Microsoft.Extensions.Time.Testing;
using OfferLab.Storage.AzureTable.Journal;
using OfferLab.Testing;

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
    public async Task A_segment_is_a_table_of_its_own_dropped_whole_once_flushed()
    {
        await using var journal = await TestJournals.OpenAsync(_table, configure: o => o.JournalId = "dropper");
        await Task.WhenAll(Enumerable.Range(0, 250).Select(i => journal.AppendAsync(TestJournals.Entry(i))));
        var closed = await journal.RotateAsync();
        var table = (await journal.SegmentTableAsync(closed))!;
        Assert.NotEqual(_table, table.Name);
        Assert.True(await TableExistsAsync(table.Name));
        Assert.NotEmpty(await table.QueryAsync<TableEntity>().ToListAsync());

        await journal.MarkFlushedAsync(closed);

        Assert.False(await TableExistsAsync(table.Name));
        Assert.Null(await journal.SegmentTableAsync(closed));
        Assert.Empty(await journal.ReadAllAsync(closed));
        Assert.True(await TableExistsAsync((await journal.SegmentTableAsync(journal.CurrentSegment))!.Name));
    }

    [Fact]
    public async Task A_segment_of_the_earlier_one_table_layout_is_still_listed_read_and_deleted()
    {
        // As the earlier journal left it: a registry row without a table name, the entries in a partition of the journal's table.
        var tables = await ServiceAsync();
        await tables.CreateTableIfNotExistsAsync(_table);
        var shared = tables.GetTableClient(_table);
        var segment = JournalKeys.SegmentName("legacy", TestJournals.Start.UtcTicks - 1_000, 0x0a0b);
        await shared.AddEntityAsync(new TableEntity(JournalKeys.RegistryPartition("legacy"), segment) { ["Flushed"] = false });
        foreach (var pack in Enumerable.Range(0, 3).Select(i => JournalPacks.Pack(segment, i * 10, Enumerable.Range(i * 10, 10).Select(TestJournals.Entry).ToList()).Single()))
        {
            await shared.AddEntityAsync(pack);
        }

        await using var journal = await TestJournals.OpenAsync(_table, configure: o => o.JournalId = "legacy");

        Assert.Equal([segment, journal.CurrentSegment], await journal.ListUnflushedSegmentsAsync());
        Assert.Equal(Enumerable.Range(0, 30).Select(i => TestJournals.Entry(i).Payload), (await journal.ReadAllAsync(segment)).Select(r => r.Payload));

        await journal.MarkFlushedAsync(segment);

        Assert.Equal([journal.CurrentSegment], await journal.ListUnflushedSegmentsAsync());
        Assert.Empty(await shared.QueryAsync<TableEntity>(TableClient.CreateQueryFilter($"PartitionKey eq {segment}")).ToListAsync());
        Assert.Empty(await journal.ReadAllAsync(segment));
    }

    [Fact]
    public async Task A_segment_registered_but_whose_table_was_never_made_reads_empty_and_flushes()
    {
        // A crash between registering a segment and creating its table.
        var tables = await ServiceAsync();
        await tables.CreateTableIfNotExistsAsync(_table);
        var segment = JournalKeys.SegmentName("tableless", TestJournals.Start.UtcTicks - 1_000, 0x0c0d);
        var missing = JournalKeys.SegmentTableName(_table, "tableless", TestJournals.Start.UtcTicks - 1_000, 0x0c0d);
        await tables.GetTableClient(_table).AddEntityAsync(new TableEntity(JournalKeys.RegistryPartition("tableless"), segment) { ["Flushed"] = false, ["Table"] = missing });

        await using var journal = await TestJournals.OpenAsync(_table, configure: o => o.JournalId = "tableless");

        Assert.Equal([segment, journal.CurrentSegment], await journal.ListUnflushedSegmentsAsync());
        Assert.Empty(await journal.ReadAllAsync(segment));
        await journal.MarkFlushedAsync(segment);
        Assert.Null(await journal.SegmentTableAsync(segment));
        Assert.Equal([journal.CurrentSegment], await journal.ListUnflushedSegmentsAsync());
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

    private static async Task<TableServiceClient> ServiceAsync() => new((await Azurite.SharedAsync()).ConnectionString);

    private static async Task<bool> TableExistsAsync(string name) =>
        await (await ServiceAsync()).QueryAsync(TableServiceClient.CreateQueryFilter($"TableName eq {name}")).AnyAsync();
}
