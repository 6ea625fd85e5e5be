using System.Text;
using Azure.Data.Tables;
using OfferLab.Storage.AzureTable.Entities;
using OfferLab.Storage.AzureTable.Packs;

namespace OfferLab.Storage.AzureTable.Tests.Packs;

/// <summary>The pack layout built without intermediate buffers reads back exactly as the streamed layout did.</summary>
public sealed class PackFormatTests
{
    [Theory]
    [InlineData("customer/c-1", "customer", 0)]
    [InlineData("customer/c-1", "customer", 500)]
    [InlineData("é", "s", 3)]
    public void A_blob_is_laid_out_as_a_binary_writer_lays_it_out(string grainId, string stateName, int payloadBytes)
    {
        AssertSameAsBinaryWriter(grainId, stateName, payloadBytes);
    }

    [Fact]
    public void A_blob_with_identities_longer_than_one_length_byte_holds_is_laid_out_as_a_binary_writer_lays_it_out()
    {
        // 200 and 20,000 UTF-8 bytes: two- and three-byte length prefixes.
        AssertSameAsBinaryWriter(new string('g', 200), new string('s', 20_000), 70_000);
    }

    [Theory]
    [InlineData(new[] { 10 })]
    [InlineData(new[] { 65_536 })]
    [InlineData(new[] { 65_535, 1 })]
    [InlineData(new[] { 65_536, 1 })]
    [InlineData(new[] { 40_000, 40_000, 40_000, 12_608 })]
    [InlineData(new[] { 200_000 })]
    [InlineData(new[] { 0, 5, 0 })]
    public void Parts_written_straight_into_chunks_join_back_to_their_concatenation(int[] sizes)
    {
        var random = new Random(sizes.Sum());
        var parts = sizes.Select(size => { var part = new byte[size]; random.NextBytes(part); return part; }).ToList();
        var whole = parts.SelectMany(part => part).ToArray();
        var entity = new TableEntity("p", "r");

        var chunks = BinaryChunks.Write(entity, "D", whole.Length, parts);

        Assert.Equal(BinaryChunks.Count(whole.Length), chunks);
        Assert.Equal(whole, BinaryChunks.Join(entity, "D", chunks));
        Assert.All(BinaryChunks.Read(entity, "D", chunks), chunk => Assert.InRange(chunk.Length, 1, BinaryChunks.MaxChunkBytes));
    }

    [Fact]
    public void Parts_that_do_not_add_up_to_the_given_length_are_refused()
    {
        Assert.Throws<ArgumentException>(() => BinaryChunks.Write(new TableEntity("p", "r"), "D", 10, [new byte[9]]));
        Assert.Throws<ArgumentException>(() => BinaryChunks.Write(new TableEntity("p", "r"), "D", 10, [new byte[11]]));
        Assert.Throws<ArgumentException>(() => BinaryChunks.Write(new TableEntity("p", "r"), "D", BinaryChunks.MaxChunkBytes, [new byte[BinaryChunks.MaxChunkBytes + 1]]));
    }

    [Fact]
    public void A_pack_of_states_alike_is_stored_compressed_and_gives_every_record_back()
    {
        var records = CustomerRecords(100);
        var raw = records.Sum(record => record.Blob.Length);

        var pack = PackFormat.Entity("bucket", 7, records);

        Assert.True(PackFormat.IsCompressed(pack));
        var stored = PackFormat.DataChunks(pack).Sum(chunk => chunk.Length);
        Assert.True(stored * 3 < raw, $"{raw} bytes of states stored in {stored}");
        AssertGivesBack(records, pack);
    }

    [Fact]
    public void A_pack_whose_data_would_not_shrink_is_stored_as_it_is()
    {
        var random = new Random(11);
        var records = Enumerable.Range(0, 20).Select(i =>
        {
            var payload = new byte[3_000];
            random.NextBytes(payload);
            return new PackedRecord($"row-{i}", $"etag-{i}", RecordKind.State, PackFormat.Blob($"grain-{i}", "state", payload));
        }).ToList();

        var pack = PackFormat.Entity("bucket", 8, records);

        Assert.False(PackFormat.IsCompressed(pack));
        Assert.Equal(records.Sum(record => record.Blob.Length), PackFormat.DataChunks(pack).Sum(chunk => chunk.Length));
        AssertGivesBack(records, pack);
    }

    [Fact]
    public void A_pack_written_before_packs_were_compressed_still_reads()
    {
        var records = CustomerRecords(30);

        var earlier = PackFormat.Entity("bucket", 9, records, compress: false);

        Assert.False(PackFormat.IsCompressed(earlier));
        Assert.DoesNotContain(earlier.Keys, key => key == "Dz");
        AssertGivesBack(records, earlier);
    }

    [Fact]
    public void A_compressed_pack_whose_data_was_damaged_is_refused_clearly()
    {
        var pack = PackFormat.Entity("bucket", 10, CustomerRecords(50));
        var chunk = (byte[])PackFormat.DataChunks(pack)[0].Clone();
        chunk.AsSpan(chunk.Length / 2).Clear();
        pack["D0"] = chunk;

        var error = Assert.Throws<InvalidDataException>(() => PackFormat.Data(pack));

        Assert.Contains("bucket/" + PackFormat.PackRow(10), error.Message, StringComparison.Ordinal);
    }

    private const string CustomerJson = """{"Sticky":{"burger-sides":{"#SESSION":{"Variant":"combo","Version":1,"Period":0,"IssuedAt":"#AT","TokenId":"#TOKEN"}}},"Today":{"burger-sides":{"Day":"2026-12-02","Count":1}},"AppliedThrough":{"node-1":{"Segment":"node-1-0639317768898104364-3b39","Sequence":#SEQUENCE}}}""";

    // Customer states as a checkpoint writes them: JSON of one shape, ids and times differing.
    private static List<PackedRecord> CustomerRecords(int count) => [.. Enumerable.Range(0, count).Select(i =>
    {
        var json = CustomerJson
            .Replace("#SESSION", $"s-{i}", StringComparison.Ordinal)
            .Replace("#AT", $"2026-12-02T02:54:{i % 60:D2}.{i * 7919 % 1000000:D6}+00:00", StringComparison.Ordinal)
            .Replace("#TOKEN", Convert.ToBase64String(BitConverter.GetBytes(i * 2654435761L)), StringComparison.Ordinal)
            .Replace("#SEQUENCE", $"{23_000 + i}", StringComparison.Ordinal);
        return new PackedRecord($"customer%2Fc-{i}", $"etag-{i}", RecordKind.State, PackFormat.Blob($"customer/c-{i}", "customer", Encoding.UTF8.GetBytes(json)));
    })];

    private static void AssertGivesBack(List<PackedRecord> records, TableEntity pack)
    {
        var directory = PackFormat.Directory(pack);
        var data = PackFormat.Data(pack);
        Assert.Equal(records.Count, directory.Count);
        for (var i = 0; i < records.Count; i++)
        {
            Assert.Equal((records[i].Row, records[i].ETag, records[i].Kind), (directory[i].Row, directory[i].ETag, directory[i].Kind));
            Assert.Equal(records[i].Blob, data.AsSpan(directory[i].Offset, directory[i].Length).ToArray());
        }
    }

    [Fact]
    public void A_pack_gives_back_every_record_at_the_offset_its_directory_names()
    {
        var random = new Random(7);
        var records = Enumerable.Range(0, 100).Select(i =>
        {
            var payload = new byte[random.Next(0, 4_000)];
            random.NextBytes(payload);
            return new PackedRecord($"row-{i}", $"etag-{i}", (RecordKind)(i % 3), PackFormat.Blob($"grain-{i}", "state", payload));
        }).ToList();

        var pack = PackFormat.Entity("bucket", 42, records);

        Assert.Equal(PackFormat.PackRow(42), pack.RowKey);
        AssertGivesBack(records, pack);
    }

    private static void AssertSameAsBinaryWriter(string grainId, string stateName, int payloadBytes)
    {
        var payload = Enumerable.Range(0, payloadBytes).Select(i => (byte)i).ToArray();
        using var stream = new MemoryStream();
        using (var writer = new BinaryWriter(stream, Encoding.UTF8, leaveOpen: true))
        {
            writer.Write(grainId);
            writer.Write(stateName);
            writer.Write(payload);
        }

        var blob = PackFormat.Blob(grainId, stateName, payload);

        Assert.Equal(stream.ToArray(), blob);
        var (readId, readStateName, readPayload) = PackFormat.ReadBlob(blob);
        Assert.Equal((grainId, stateName), (readId, readStateName));
        Assert.Equal(payload, readPayload.ToArray());
    }
}
