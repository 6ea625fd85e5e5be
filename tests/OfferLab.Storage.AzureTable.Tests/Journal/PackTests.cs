using Azure.Data.Tables;
using OfferLab.Storage.AzureTable.Journal;
using OfferLab.Testing;

namespace OfferLab.Storage.AzureTable.Tests.Journal;

/// <summary>Entries of one transaction share entities (packs): far fewer rows, the same records read back.</summary>
public sealed class PackTests : IAsyncLifetime
{
    private readonly string _table = TestJournals.UniqueTable("packs");
    private AzureTableEventJournal _journal = null!;

    public async Task InitializeAsync() => _journal = await TestJournals.OpenAsync(_table);

    public async Task DisposeAsync() => await _journal.DisposeAsync();

    [Fact]
    public async Task Concurrent_appends_are_stored_in_far_fewer_rows_and_read_back_one_record_each_in_order()
    {
        var positions = await Task.WhenAll(Enumerable.Range(0, 1000).Select(i => _journal.AppendAsync(TestJournals.Entry(i))));
        var segment = _journal.CurrentSegment;

        var records = await _journal.ReadAllAsync(segment);
        var rows = await RowsAsync(segment);

        Assert.Equal(1000, records.Count);
        Assert.Equal(Enumerable.Range(0, 1000).Select(i => (long)i), records.Select(r => r.Position.Sequence));
        foreach (var (position, i) in positions.Select((p, i) => (p, i)))
        {
            var record = records[(int)position.Sequence];
            Assert.Equal($"customer-{i}", record.StreamId);
            Assert.Equal(TestJournals.Entry(i).Payload, record.Payload);
        }

        Assert.InRange(rows.Count, 1, 250);
    }

    [Fact]
    public async Task Large_payloads_split_a_transaction_into_several_packs_under_the_entity_limit()
    {
        var payload = new string('x', JournalKeys.MaxPayloadChars);
        await Task.WhenAll(Enumerable.Range(0, 40).Select(i => _journal.AppendAsync(new JournalEntry($"big-{i}", payload))));
        var segment = _journal.CurrentSegment;

        var records = await _journal.ReadAllAsync(segment);
        var rows = await RowsAsync(segment);

        Assert.Equal(40, records.Count);
        Assert.All(records, r => Assert.Equal(payload, r.Payload));
        // 64 KiB per entry, under 1 MiB per entity: at most 15 entries share one.
        Assert.All(rows, row => Assert.InRange(row.GetInt32("Count") ?? 0, 1, 15));
    }

    [Fact]
    public async Task A_row_in_the_one_entry_per_entity_form_still_reads()
    {
        var segment = _journal.CurrentSegment;
        var azurite = await Azurite.SharedAsync();
        var table = new TableClient(azurite.ConnectionString, _table);
        await table.AddEntityAsync(new TableEntity(segment, JournalKeys.RowKey(5_000_000)) { ["StreamId"] = "legacy%2F1", ["Payload"] = "{}" });

        var record = Assert.Single(await _journal.ReadAllAsync(segment));

        Assert.Equal(5_000_000, record.Position.Sequence);
        Assert.Equal("legacy/1", record.StreamId);
        Assert.Equal("{}", record.Payload);
    }

    private async Task<List<TableEntity>> RowsAsync(string segment)
    {
        var azurite = await Azurite.SharedAsync();
        var table = new TableClient(azurite.ConnectionString, _table);
        var rows = new List<TableEntity>();
        await foreach (var row in table.QueryAsync<TableEntity>(TableClient.CreateQueryFilter($"PartitionKey eq {segment}")))
        {
            rows.Add(row);
        }

        return rows;
    }
}
