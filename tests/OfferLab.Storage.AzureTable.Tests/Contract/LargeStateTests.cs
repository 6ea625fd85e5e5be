using System.Text;
using System.Text.Json;
using Azure.Data.Tables;
using OfferLab.Storage.AzureTable.Keys;
using OfferLab.Storage.AzureTable.Packs;
using OfferLab.Storage.AzureTable.Tests.Support;
using OfferLab.Testing;
using Orleans;
using Orleans.Storage;

namespace OfferLab.Storage.AzureTable.Tests.Contract;

/// <summary>State is System.Text.Json split over 64 KiB properties, and refused by the provider itself past 1 MiB.</summary>
public class LargeStateTests : IAsyncLifetime
{
    /// <summary>The layout under test: 0 is one partition per grain; subclasses run the same tests bucketed.</summary>
    protected virtual int Buckets => 0;

    /// <summary>With buckets: whether records share pack entities (the limit is then that of a pack holding the state alone).</summary>
    protected virtual bool PackRecords => false;

    private readonly string _table = TestStorage.UniqueTable("large");
    private AzureTableGrainStorage _storage = null!;

    public async Task InitializeAsync() => _storage = await TestStorage.CreateAsync(_table, buckets: Buckets, packRecords: PackRecords);

    public Task DisposeAsync() => Task.CompletedTask;

    [Theory]
    [InlineData(100 * 1024)]
    [InlineData(300 * 1024)]
    [InlineData(900 * 1024)]
    public async Task State_larger_than_one_property_is_split_and_reassembled(int bytes)
    {
        var grain = TestStorage.NewGrain();
        // Random text, so that a pack's compression cannot shrink the state below one property.
        var random = new Random(bytes);
        var items = Enumerable.Range(0, bytes / 1024).Select(i => $"{i:D6}-" + RandomText(random, 1000)).ToList();
        await _storage.WriteStateAsync("big", grain, new TestGrainState<Basket>(new Basket { Items = items }));

        var read = new TestGrainState<Basket>();
        await _storage.ReadStateAsync("big", grain, read);

        Assert.Equal(items, read.State.Items);
        var chunks = await StoredChunksAsync(grain.ToString());
        Assert.True(chunks.Count > 1, $"{bytes} bytes of state used {chunks.Count} chunk(s)");
        Assert.All(chunks, chunk => Assert.InRange(chunk.Length, 1, 64 * 1024));
    }

    [Fact]
    public async Task State_past_the_entity_limit_is_refused_naming_grain_state_and_size_and_nothing_changes()
    {
        var grain = TestStorage.NewGrain();
        var state = new TestGrainState<Basket>(new Basket { Version = 1 });
        await _storage.WriteStateAsync("big", grain, state);
        var etag = state.ETag;
        state.State.Items = [new string('x', 1024 * 1024)];

        var error = await Assert.ThrowsAsync<GrainStateTooLargeException>(() => _storage.WriteStateAsync("big", grain, state));

        Assert.Contains(grain.ToString(), error.Message, StringComparison.Ordinal);
        Assert.Contains("'big'", error.Message, StringComparison.Ordinal);
        Assert.Contains(error.EntityBytes.ToString(System.Globalization.CultureInfo.InvariantCulture), error.Message, StringComparison.Ordinal);
        Assert.True(error.EntityBytes > 1024 * 1024);
        Assert.Equal(etag, state.ETag);
        var read = new TestGrainState<Basket>();
        await _storage.ReadStateAsync("big", grain, read);
        Assert.Equal(1, read.State.Version);
        Assert.Empty(read.State.Items);
    }

    [Fact]
    public async Task State_is_stored_as_json_with_the_configured_serializer_options()
    {
        var azurite = await Azurite.SharedAsync();
        var camel = new AzureTableGrainStorage(
            "camel",
            new AzureTableStorageOptions
            {
                ConnectionString = azurite.ConnectionString,
                TableName = _table,
                Buckets = Buckets,
                PackRecords = PackRecords,
                JsonSerializerOptions = new JsonSerializerOptions(JsonSerializerDefaults.Web),
            },
            TestStorage.ServiceId,
            Microsoft.Extensions.Logging.Abstractions.NullLogger<AzureTableGrainStorage>.Instance);
        var grain = TestStorage.NewGrain();

        await camel.WriteStateAsync("json", grain, new TestGrainState<Basket>(new Basket { Owner = "c-7", Version = 3 }));

        var json = Encoding.UTF8.GetString(await StoredPayloadAsync(grain.ToString(), "json"));
        Assert.Equal("""{"owner":"c-7","version":3,"items":[]}""", json);
    }

    private static string RandomText(Random random, int length)
    {
        var bytes = new byte[length * 3 / 4];
        random.NextBytes(bytes);
        return Convert.ToBase64String(bytes);
    }

    // The state's stored bytes, split as stored: the record's own chunks, or those of the pack that holds it alone.
    private async Task<IReadOnlyList<byte[]>> StoredChunksAsync(string grainId, string stateName = "big")
    {
        if (PackRecords)
        {
            return PackFormat.DataChunks((await PackOfAsync(grainId, stateName)).Pack);
        }

        var entity = await RawEntityAsync(grainId, stateName);
        return [.. Enumerable.Range(0, entity.GetInt32("Chunks")!.Value).Select(i => entity.GetBinary("Data" + i))];
    }

    private async Task<byte[]> StoredPayloadAsync(string grainId, string stateName)
    {
        if (!PackRecords)
        {
            return (await RawEntityAsync(grainId, stateName)).GetBinary("Data0");
        }

        var (pack, entry) = await PackOfAsync(grainId, stateName);
        var (storedId, storedStateName, payload) = PackFormat.ReadBlob(PackFormat.Data(pack).AsMemory(entry.Offset, entry.Length));
        Assert.Equal((TableKeys.Escape(grainId), stateName), (storedId, storedStateName));
        return payload.ToArray();
    }

    private async Task<(TableEntity Pack, DirectoryEntry Entry)> PackOfAsync(string grainId, string stateName)
    {
        var azurite = await Azurite.SharedAsync();
        var table = new TableClient(azurite.ConnectionString, _table);
        var row = TableKeys.BucketRowKey(grainId, stateName);
        var partition = TableKeys.BucketPartitionKey(TestStorage.ServiceId, TableKeys.Bucket(grainId, Buckets));
        await foreach (var entity in table.QueryAsync<TableEntity>(e => e.PartitionKey == partition))
        {
            if (PackFormat.IsPackRow(entity.RowKey) && PackFormat.Directory(entity).SingleOrDefault(e => e.Row == row) is { Row: not null } entry)
            {
                return (entity, entry);
            }
        }

        throw new InvalidOperationException($"No pack holds {partition}/{row}.");
    }

    private async Task<TableEntity> RawEntityAsync(string grainId, string stateName = "big")
    {
        var azurite = await Azurite.SharedAsync();
        var table = new TableClient(azurite.ConnectionString, _table);
        var (partition, row) = Buckets == 0
            ? (TableKeys.PartitionKey(TestStorage.ServiceId, grainId), TableKeys.RowKey(stateName))
            : (TableKeys.BucketPartitionKey(TestStorage.ServiceId, TableKeys.Bucket(grainId, Buckets)), TableKeys.BucketRowKey(grainId, stateName));
        return (await table.GetEntityAsync<TableEntity>(partition, row)).Value;
    }
}
