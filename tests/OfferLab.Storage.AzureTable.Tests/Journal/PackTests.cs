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
        var rows = await RowsAsync(_journal, segment);

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
        var rows = await RowsAsync(_journal, segment);

        Assert.Equal(40, records.Count);
        Assert.All(records, r => Assert.Equal(payload, r.Payload));
        // 32 KiB per entry (ASCII), under 960 KiB per entity: several packs, each at most 29 entries, nothing past Azure's limits.
        Assert.InRange(rows.Count, 2, 40);
        Assert.Equal(40, rows.Sum(row => row.GetInt32("Entries") ?? 0));
        Assert.All(rows, row =>
        {
            var chunks = row.Keys.Where(k => k.StartsWith('E') && k != "Entries").Select(k => row.GetBinary(k)!).ToList();
            Assert.All(chunks, chunk => Assert.InRange(chunk.Length, 1, 64 * 1024));
            Assert.InRange(chunks.Sum(c => c.Length), 1, 960 * 1024);
            Assert.InRange(row.GetInt32("Entries") ?? 0, 1, 29);
        });
    }

    [Fact]
    public async Task One_transaction_of_appends_is_one_binary_pack()
    {
        await using var journal = await OneTransactionAtATimeAsync("one-pack");

        await AppendBehindAHeldTransactionAsync(journal, Enumerable.Range(1, 50).Select(TestJournals.Entry));

        var rows = await RowsAsync(journal, journal.CurrentSegment);

        Assert.Equal([1, 50], rows.Select(r => r.GetInt32("Entries") ?? 0));
        Assert.All(rows, row => Assert.DoesNotContain(row.Keys, k => k.Length > 1 && k[0] is 'P' or 'S' && char.IsAsciiDigit(k[1])));
        Assert.Equal(2, journal.Statistics.Transactions);
        Assert.Equal(Enumerable.Range(0, 51).Select(i => TestJournals.Entry(i).Payload), (await journal.ReadAllAsync(journal.CurrentSegment)).Select(r => r.Payload));
    }

    [Fact]
    public async Task A_group_commit_of_alike_entries_is_stored_compressed_and_reads_back_exactly()
    {
        await using var journal = await OneTransactionAtATimeAsync("compressed");
        var entries = Enumerable.Range(1, 60).Select(i => new JournalEntry($"customer-{i}", $$"""{"kind":"exposure","experiment":"burger-sides","variant":"onion-rings","session":"s-{{i}}","n":{{i}}}""")).ToList();

        await AppendBehindAHeldTransactionAsync(journal, entries);

        var pack = (await RowsAsync(journal, journal.CurrentSegment)).Single(r => r.GetInt32("Entries") == 60);
        var stored = pack.Keys.Where(k => k.StartsWith('E') && k != "Entries").Sum(k => pack.GetBinary(k)!.Length);
        var raw = pack.GetInt32("Dz");

        Assert.NotNull(raw);
        Assert.InRange(stored, 1, raw!.Value / 3);
        var records = await journal.ReadAllAsync(journal.CurrentSegment);
        Assert.Equal(entries.Select(e => (e.StreamId, e.Payload)), records.Skip(1).Select(r => (r.StreamId, r.Payload)));
    }

    [Fact]
    public async Task A_pack_that_would_not_shrink_is_stored_as_it_is()
    {
        await _journal.AppendAsync(new JournalEntry("s", "{}"));

        var pack = Assert.Single(await RowsAsync(_journal, _journal.CurrentSegment));

        Assert.Null(pack.GetInt32("Dz"));
        Assert.Equal(13, pack.GetBinary("E0")!.Length);
        Assert.Equal("{}", Assert.Single(await _journal.ReadAllAsync(_journal.CurrentSegment)).Payload);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task A_compressed_pack_that_is_damaged_or_names_the_wrong_length_is_an_error_naming_the_row(bool wrongLength)
    {
        var segment = _journal.CurrentSegment;
        var entries = Enumerable.Range(0, 20).Select(TestJournals.Entry).ToList();
        var pack = OfferLab.Storage.AzureTable.Journal.JournalPacks.Pack(segment, 9_200_000, entries).Single();
        var raw = pack.GetInt32("Dz")!.Value;
        if (wrongLength)
        {
            pack["Dz"] = raw - 1;
        }
        else
        {
            var body = pack.GetBinary("E0")!;
            body[body.Length / 2] ^= 0xFF;
            body[(body.Length / 2) + 1] ^= 0xFF;
        }

        await (await TableAsync(segment)).AddEntityAsync(pack);

        var error = await Assert.ThrowsAsync<InvalidDataException>(() => _journal.ReadAllAsync(segment));

        Assert.Contains(JournalKeys.RowKey(9_200_000), error.Message);
    }

    [Fact]
    public async Task A_string_pack_of_the_earlier_form_still_reads()
    {
        var segment = _journal.CurrentSegment;
        var table = await TableAsync(segment);
        await table.AddEntityAsync(new TableEntity(segment, JournalKeys.RowKey(7_000_000))
        {
            ["Count"] = 2, ["S0"] = "legacy%2F1", ["P0"] = "{\"a\":1}", ["S1"] = "legacy%232", ["P1"] = "{}",
        });

        var records = await _journal.ReadAllAsync(segment);

        Assert.Equal([7_000_000L, 7_000_001L], records.Select(r => r.Position.Sequence));
        Assert.Equal(["legacy/1", "legacy#2"], records.Select(r => r.StreamId));
        Assert.Equal(["{\"a\":1}", "{}"], records.Select(r => r.Payload));
    }

    [Fact]
    public async Task A_pack_cut_short_is_an_error_naming_the_row_not_a_wrong_record()
    {
        var segment = _journal.CurrentSegment;
        var table = await TableAsync(segment);
        await table.AddEntityAsync(new TableEntity(segment, JournalKeys.RowKey(9_000_000)) { ["Entries"] = 2, ["E0"] = new byte[] { 0, 1, 0, 0, 0, (byte)'a', 0, 9, 0, 0, 0 } });

        var error = await Assert.ThrowsAsync<InvalidDataException>(() => _journal.ReadAllAsync(segment));

        Assert.Contains(JournalKeys.RowKey(9_000_000), error.Message);
        Assert.Contains("entry 0 of 2, is cut short", error.Message);
    }

    [Theory]
    [InlineData(new byte[] { 0, 2, 0, 0, 0, 0xC3, 0x28 }, "not UTF-8")]
    [InlineData(new byte[] { 1, 3, 0, 0, 0, 0x41, 0, 0x42 }, "encoding 1 and 3 bytes")]
    [InlineData(new byte[] { 7, 1, 0, 0, 0, 0x41 }, "encoding 7")]
    public async Task A_pack_with_a_broken_string_is_an_error_naming_the_row_and_entry(byte[] broken, string expected)
    {
        var segment = _journal.CurrentSegment;
        var table = await TableAsync(segment);
        await table.AddEntityAsync(new TableEntity(segment, JournalKeys.RowKey(9_100_000)) { ["Entries"] = 1, ["E0"] = broken.Concat(new byte[] { 0, 0, 0, 0, 0 }).ToArray() });

        var error = await Assert.ThrowsAsync<InvalidDataException>(() => _journal.ReadAllAsync(segment));

        Assert.Contains($"{JournalKeys.RowKey(9_100_000)}, entry 0 of 1,", error.Message);
        Assert.Contains(expected, error.Message);
    }

    [Fact]
    public async Task A_row_in_the_one_entry_per_entity_form_still_reads()
    {
        var segment = _journal.CurrentSegment;
        var table = await TableAsync(segment);
        await table.AddEntityAsync(new TableEntity(segment, JournalKeys.RowKey(5_000_000)) { ["StreamId"] = "legacy%2F1", ["Payload"] = "{}" });

        var record = Assert.Single(await _journal.ReadAllAsync(segment));

        Assert.Equal(5_000_000, record.Position.Sequence);
        Assert.Equal("legacy/1", record.StreamId);
        Assert.Equal("{}", record.Payload);
    }

    private Task<AzureTableEventJournal> OneTransactionAtATimeAsync(string journalId) =>
        TestJournals.OpenAsync(_table, configure: o =>
        {
            o.JournalId = journalId;
            o.MaxConcurrentBatches = 1;
        });

    /// <summary>Appends entry 0 and holds its transaction in flight while <paramref name="rest"/> queue behind it, so they go together.</summary>
    private static async Task AppendBehindAHeldTransactionAsync(AzureTableEventJournal journal, IEnumerable<JournalEntry> rest)
    {
        var (held, release) = TestJournals.HoldNextTransaction(journal);
        var first = journal.AppendAsync(TestJournals.Entry(0));
        await held.WaitAsync(TimeSpan.FromSeconds(30));
        var appends = rest.Select(entry => journal.AppendAsync(entry)).ToArray();
        release.SetResult();
        await first;
        await Task.WhenAll(appends);
    }

    /// <summary>The table of one of the shared journal's segments.</summary>
    private async Task<TableClient> TableAsync(string segment) => (await _journal.SegmentTableAsync(segment))!;

    private static async Task<List<TableEntity>> RowsAsync(AzureTableEventJournal journal, string segment)
    {
        var table = (await journal.SegmentTableAsync(segment))!;
        var rows = new List<TableEntity>();
        await foreach (var row in table.QueryAsync<TableEntity>(TableClient.CreateQueryFilter($"PartitionKey eq {segment}")))
        {
            rows.Add(row);
        }

        return rows;
    }
}
