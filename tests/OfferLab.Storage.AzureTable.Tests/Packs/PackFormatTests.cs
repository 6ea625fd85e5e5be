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
        var directory = PackFormat.Directory(pack);
        var data = PackFormat.Data(pack);

        Assert.Equal(PackFormat.PackRow(42), pack.RowKey);
        Assert.Equal(records.Count, directory.Count);
        for (var i = 0; i < records.Count; i++)
        {
            Assert.Equal((records[i].Row, records[i].ETag, records[i].Kind), (directory[i].Row, directory[i].ETag, directory[i].Kind));
            Assert.Equal(records[i].Blob, data.AsSpan(directory[i].Offset, directory[i].Length).ToArray());
        }
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
