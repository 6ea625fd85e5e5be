using OfferLab.Storage.AzureTable.Journal;

namespace OfferLab.Storage.AzureTable.Tests.Journal;

public sealed class AppendTests : IAsyncLifetime
{
    private readonly string _table = TestJournals.UniqueTable("journalappend");
    private AzureTableEventJournal _journal = null!;

    public async Task InitializeAsync() => _journal = await TestJournals.OpenAsync(_table);

    public async Task DisposeAsync() => await _journal.DisposeAsync();

    [Fact]
    public async Task Entries_read_back_exactly_in_sequence_order_whatever_their_stream_ids()
    {
        string[] streams =
        [
            "a/b", "c\\d", "#hash", "why?", "tab\there", "nul\0", "\u0001\u001f\u007f\u0085", "ümlaut – 東京 🎉",
            "lone \ud800 surrogate", "%41 stays", "pipe|pipe", "", new string('x', 1024),
        ];
        var positions = new List<JournalPosition>();
        for (var i = 0; i < streams.Length; i++)
        {
            positions.Add(await _journal.AppendAsync(new JournalEntry(streams[i], $$"""{"i":{{i}},"text":"Grüße \"{{i}}\" 🎉"}""")));
        }

        var records = await _journal.ReadAllAsync(_journal.CurrentSegment);

        Assert.Equal(Enumerable.Range(0, streams.Length).Select(i => new JournalPosition(_journal.CurrentSegment, i)), positions);
        Assert.Equal(positions, records.Select(r => r.Position));
        Assert.Equal(streams, records.Select(r => r.StreamId));
        Assert.Equal(Enumerable.Range(0, streams.Length).Select(i => $$"""{"i":{{i}},"text":"Grüße \"{{i}}\" 🎉"}"""), records.Select(r => r.Payload));
    }

    [Fact]
    public async Task Payloads_read_back_exactly_even_with_a_lone_surrogate_or_nul()
    {
        string[] payloads = ["lone \ud800 high", "\udc00 lone low", "nul\0 and \u0001", "ümlaut – 東京 🎉", "", new string('x', JournalKeys.MaxPayloadChars)];
        foreach (var payload in payloads)
        {
            await _journal.AppendAsync(new JournalEntry("s", payload));
        }

        var records = await _journal.ReadAllAsync(_journal.CurrentSegment);

        Assert.Equal(payloads, records.Select(r => r.Payload));
    }

    [Fact]
    public async Task A_thousand_concurrent_appends_are_all_stored_with_unique_sequences_in_far_fewer_transactions()
    {
        var appends = Enumerable.Range(0, 1000).Select(i => Task.Run(() => _journal.AppendAsync(TestJournals.Entry(i)))).ToArray();
        var positions = await Task.WhenAll(appends);

        var records = await _journal.ReadAllAsync(_journal.CurrentSegment);
        var statistics = _journal.Statistics;

        Assert.Equal(1000, positions.Distinct().Count());
        Assert.Equal(Enumerable.Range(0, 1000).Select(i => (long)i), positions.Select(p => p.Sequence).Order());
        Assert.Equal(1000, records.Count);
        for (var i = 0; i < 1000; i++)
        {
            // Each append's position holds exactly its own entry.
            var record = records[(int)positions[i].Sequence];
            Assert.Equal(TestJournals.Entry(i), new JournalEntry(record.StreamId, record.Payload));
        }

        Assert.Equal(1000, statistics.Entries);
        Assert.Equal(0, statistics.FailedTransactions);
        Assert.True(statistics.Transactions <= 100, $"1,000 appends took {statistics.Transactions} transactions; group commit should batch them.");
    }

    [Fact]
    public async Task Appends_made_one_after_another_get_consecutive_sequences_in_call_order()
    {
        // Not awaited in between: the calls are accepted in this order, so they are numbered in it.
        var appends = Enumerable.Range(0, 300).Select(i => _journal.AppendAsync(TestJournals.Entry(i))).ToArray();
        var positions = await Task.WhenAll(appends);

        Assert.Equal(Enumerable.Range(0, 300).Select(i => (long)i), positions.Select(p => p.Sequence));
        Assert.Equal(
            Enumerable.Range(0, 300).Select(i => TestJournals.Entry(i).Payload),
            (await _journal.ReadAllAsync(_journal.CurrentSegment)).Select(r => r.Payload));
    }

    [Fact]
    public async Task Payloads_given_as_utf8_bytes_read_back_as_the_same_text_and_mix_with_text_payloads()
    {
        string[] payloads = ["{\"kind\":\"exposure\"}", "{\"text\":\"Grüße – 東京 🎉\"}", "", new string('é', 20_000)];
        var appends = payloads.SelectMany((payload, i) => new[]
        {
            _journal.AppendAsync(new JournalEntry($"bytes-{i}", System.Text.Encoding.UTF8.GetBytes(payload))),
            _journal.AppendAsync(new JournalEntry($"text-{i}", payload)),
        }).ToArray();
        var positions = await Task.WhenAll(appends);

        var records = await _journal.ReadAllAsync(_journal.CurrentSegment);
        for (var i = 0; i < payloads.Length; i++)
        {
            Assert.Equal(payloads[i], records[(int)positions[2 * i].Sequence].Payload);
            Assert.Equal(payloads[i], records[(int)positions[(2 * i) + 1].Sequence].Payload);
        }

        Assert.Equal(new JournalEntry("s", payloads[1]), new JournalEntry("s", System.Text.Encoding.UTF8.GetBytes(payloads[1])));
        Assert.Equal(payloads[1], new JournalEntry("s", System.Text.Encoding.UTF8.GetBytes(payloads[1])).Payload);
    }

    [Fact]
    public async Task A_utf8_payload_that_is_not_utf8_or_is_over_the_limit_is_rejected()
    {
        Assert.Throws<ArgumentException>(() => new JournalEntry("s", new byte[] { 0x7b, 0xff, 0x7d }));
        Assert.Throws<ArgumentException>(() => new JournalEntry("s", new byte[] { 0xed, 0xa0, 0x80 }));
        var most = new byte[3 * 32 * 1024];
        most.AsSpan().Fill((byte)'a');

        await Assert.ThrowsAsync<ArgumentException>(() => _journal.AppendAsync(new JournalEntry("s", new byte[most.Length + 1])));
        var stored = await _journal.AppendAsync(new JournalEntry("s", most));

        Assert.Equal(new string('a', most.Length), Assert.Single(await _journal.ReadAllAsync(_journal.CurrentSegment)).Payload);
        Assert.Equal(0, stored.Sequence);
    }

    [Fact]
    public async Task An_oversize_payload_or_stream_id_is_rejected_and_the_largest_allowed_payload_is_stored()
    {
        var largest = "\"" + new string('é', 32 * 1024 - 2) + "\"";

        await Assert.ThrowsAsync<ArgumentException>(() => _journal.AppendAsync(new JournalEntry("s", largest + " ")));
        await Assert.ThrowsAsync<ArgumentException>(() => _journal.AppendAsync(new JournalEntry(new string('s', 1025), "{}")));
        var stored = await _journal.AppendAsync(new JournalEntry("s", largest));

        var records = await _journal.ReadAllAsync(_journal.CurrentSegment);
        Assert.Equal(0, stored.Sequence);
        Assert.Equal(largest, Assert.Single(records).Payload);
    }

    [Fact]
    public async Task Many_large_appends_are_split_into_transactions_under_the_four_megabyte_limit_and_all_stored()
    {
        // One transaction at a time, so the queue fills; an entry of 32 Ki three-byte characters is 96 KiB, 128 KiB in
        // base64: at most 30 fit a 4 MiB transaction body, so 100 of them need at least four.
        await using var journal = await TestJournals.OpenAsync(_table, configure: o => (o.JournalId, o.MaxConcurrentBatches) = ("large", 1));
        var payload = "\"" + new string('東', 32 * 1024 - 2) + "\"";
        var positions = await Task.WhenAll(Enumerable.Range(0, 100).Select(i => journal.AppendAsync(new JournalEntry($"big-{i}", payload))));

        Assert.Equal(100, positions.Distinct().Count());
        Assert.Equal(100, (await journal.ReadAllAsync(journal.CurrentSegment)).Count(r => r.Payload == payload));
        Assert.True(journal.Statistics.Transactions >= 4, $"{journal.Statistics.Transactions} transactions");
    }
}
