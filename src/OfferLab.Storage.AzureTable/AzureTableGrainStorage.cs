using System.Text.Json;
using Azure;
using Azure.Data.Tables;
using Microsoft.Extensions.Logging;
using OfferLab.Storage.AzureTable.Buckets;
using OfferLab.Storage.AzureTable.Entities;
using OfferLab.Storage.AzureTable.Keys;
using OfferLab.Storage.AzureTable.Packs;
using Orleans;
using Orleans.Runtime;
using Orleans.Storage;

namespace OfferLab.Storage.AzureTable;

/// <summary>
/// Orleans grain storage over Azure Table storage. One grain's states share a partition (one record
/// per state name), or with <see cref="AzureTableStorageOptions.Buckets"/> grains share hashed bucket partitions
/// whose writes are group-committed; every write is conditional on the caller's ETag, and a conflict surfaces as
/// <see cref="InconsistentStateException"/> without a retry.
/// </summary>
public sealed partial class AzureTableGrainStorage : IGrainStorage, ILifecycleParticipant<ISiloLifecycle>
{
    private readonly string _name;
    private readonly string _serviceId;
    private readonly AzureTableStorageOptions _options;
    private readonly TableClient _table;
    private readonly ILogger<AzureTableGrainStorage> _logger;
    private readonly BucketedRecords? _buckets;
    private readonly PackedRecords? _packs;
    private readonly Lock _tableGate = new();
    private Task? _tableReady;

    // The partition key of each bucket, made on its first use: the same few strings for every call.
    private readonly string?[] _bucketPartitions;

    /// <param name="name">The provider name, for logs.</param>
    /// <param name="options">Validated options.</param>
    /// <param name="serviceId">The Orleans service id; part of every key, so services can share a table.</param>
    /// <param name="logger">Where failures are reported.</param>
    public AzureTableGrainStorage(string name, AzureTableStorageOptions options, string serviceId, ILogger<AzureTableGrainStorage> logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        _name = name;
        _serviceId = serviceId;
        _options = options;
        _logger = logger;
        _table = options.CreateServiceClient().GetTableClient(options.TableName);
        _bucketPartitions = new string?[Math.Max(0, options.Buckets)];
        if (options.Buckets > 0 && options.PackRecords)
        {
            _packs = new PackedRecords(_table, options.MaxConcurrentTransactions, options.PackCacheBytes, name);
        }
        else if (options.Buckets > 0)
        {
            _buckets = new BucketedRecords(_table, options.MaxConcurrentTransactions, name);
        }
    }

    public Task ReadStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState) =>
        ReadStateAsync(stateName, grainId, grainState, CancellationToken.None);

    public Task WriteStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState) =>
        WriteStateAsync(stateName, grainId, grainState, CancellationToken.None);

    public Task ClearStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState) =>
        ClearStateAsync(stateName, grainId, grainState, CancellationToken.None);

    public async Task ReadStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(grainState);
        var key = Key(stateName, grainId);
        await TableReady(cancellationToken).ConfigureAwait(false);
        if (_packs is not null && await ReadPackedAsync(key, stateName, grainState, cancellationToken).ConfigureAwait(false))
        {
            return;
        }

        if (_buckets is not null && !await _buckets.MayExistAsync(key.Partition, key.Row, cancellationToken).ConfigureAwait(false))
        {
            Reset(grainState, etag: null);
            return;
        }

        var found = await _table.GetEntityIfExistsAsync<TableEntity>(key.Partition, key.Row, cancellationToken: cancellationToken).ConfigureAwait(false);
        if (!found.HasValue || found.Value is not { } entity)
        {
            Reset(grainState, etag: null);
            return;
        }

        _buckets?.Exists(key.Partition, key.Row);

        if (!StateEntity.BelongsTo(entity, key.GrainId, stateName))
        {
            throw new InvalidDataException($"Table '{_options.TableName}' record {key.Partition}/{key.Row} does not belong to state '{stateName}' of grain {key.GrainId} (hashed key collision).");
        }

        if (StateEntity.IsCleared(entity))
        {
            Reset(grainState, entity.ETag.ToString());
            return;
        }

        var state = JsonSerializer.Deserialize<T>(StateEntity.Payload(entity), _options.JsonSerializerOptions);
        grainState.State = state ?? Activator.CreateInstance<T>();
        grainState.ETag = entity.ETag.ToString();
        grainState.RecordExists = true;
    }

    public Task WriteStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(grainState);
        var key = Key(stateName, grainId);
        return _packs is not null
            ? WritePackedStateAsync(key, stateName, grainState, cancellationToken)
            : WriteEntityStateAsync(key, stateName, grainState, cancellationToken);
    }

    private async Task WriteEntityStateAsync<T>(RecordKey key, string stateName, IGrainState<T> grainState, CancellationToken cancellationToken)
    {
        var payload = JsonSerializer.SerializeToUtf8Bytes(grainState.State, _options.JsonSerializerOptions);
        var entity = StateEntity.Create(key.Partition, key.Row, key.GrainId, stateName, payload);
        await TableReady(cancellationToken).ConfigureAwait(false);
        var etag = await Conditionally(() => Put(entity, grainState.ETag, cancellationToken), "write", key, stateName, grainState.ETag).ConfigureAwait(false);
        grainState.ETag = etag;
        grainState.RecordExists = true;
    }

    // A checkpoint writes thousands of states at once: one state machine each, no closure, the blob built straight from
    // the serialized bytes.
    private async Task WritePackedStateAsync<T>(RecordKey key, string stateName, IGrainState<T> grainState, CancellationToken cancellationToken)
    {
        var blob = JsonPayload.Serialize(grainState.State, _options.JsonSerializerOptions, key, static (record, json) => PackFormat.Blob(record.EscapedGrainId, record.EscapedStateName, json));
        var write = PackedWrite(key, stateName, RecordKind.State, blob, grainState.ETag);
        await TableReady(cancellationToken).ConfigureAwait(false);
        try
        {
            grainState.ETag = await _packs!.WriteAsync(key.Partition, write, cancellationToken).ConfigureAwait(false);
        }
        catch (RequestFailedException e) when (IsConflict(e))
        {
            throw Conflict(e, "write", key, stateName, write.ETag);
        }

        grainState.RecordExists = true;
    }

    public async Task ClearStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(grainState);
        var key = Key(stateName, grainId);
        await TableReady(cancellationToken).ConfigureAwait(false);
        string? etag;
        if (_packs is not null)
        {
            var kind = _options.DeleteStateOnClear ? RecordKind.Deleted : RecordKind.Cleared;
            var write = PackedWrite(key, stateName, kind, PackFormat.Blob(key.EscapedGrainId, key.EscapedStateName, []), grainState.ETag);
            etag = await Conditionally(() => _packs.WriteAsync(key.Partition, write, cancellationToken), "clear", key, stateName, write.ETag).ConfigureAwait(false);
        }
        else if (_options.DeleteStateOnClear)
        {
            await Conditionally(() => Delete(key, grainState.ETag, cancellationToken), "clear", key, stateName, grainState.ETag).ConfigureAwait(false);
            etag = null;
        }
        else
        {
            var tombstone = StateEntity.Tombstone(key.Partition, key.Row, key.GrainId, stateName);
            etag = await Conditionally(() => Put(tombstone, grainState.ETag, cancellationToken), "clear", key, stateName, grainState.ETag).ConfigureAwait(false);
        }

        Reset(grainState, etag);
    }

    /// <summary>Buckets of the bucketed layout; 0 when every grain has a partition of its own.</summary>
    public int Buckets => _options.Buckets;

    /// <summary>
    /// The bucket (0 to <see cref="Buckets"/> - 1) that holds <paramref name="grainId"/>'s records in the bucketed
    /// layout. A caller that writes many grains at once (a checkpoint) can group its writes by it: writes of one bucket
    /// that queue together go in one batch transaction.
    /// </summary>
    public int BucketOf(GrainId grainId)
    {
        if (_options.Buckets == 0)
        {
            throw new InvalidOperationException("Grains are not bucketed in this storage (Buckets is 0).");
        }

        return BucketOf(grainId, _options.Buckets);
    }

    /// <summary>
    /// The bucket of <paramref name="grainId"/> in a storage of <paramref name="buckets"/> buckets: the same as
    /// <see cref="BucketOf(GrainId)"/> gives there, for a caller that places grains before it has the storage at hand.
    /// </summary>
    public static int BucketOf(GrainId grainId, int buckets)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(buckets);
        return TableKeys.Bucket(grainId.ToString(), buckets);
    }

    /// <summary>
    /// <see cref="BucketOf(GrainId, int)"/> of the grain whose id's text (<see cref="GrainId.ToString"/>) is
    /// <paramref name="idPrefix"/> followed by <paramref name="key"/>, without building the grain id nor its text: for
    /// a caller that places a grain on every request. The caller vouches that the text is the grain id's.
    /// </summary>
    public static int BucketOf(string idPrefix, string key, int buckets)
    {
        ArgumentNullException.ThrowIfNull(idPrefix);
        ArgumentNullException.ThrowIfNull(key);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(buckets);
        return TableKeys.Bucket(idPrefix, key, buckets);
    }

    /// <summary>
    /// Makes the next read of <paramref name="bucket"/> list the bucket again, so that records another node wrote to it
    /// since this provider listed it are seen. The bucketed layouts assume one writer per bucket at a time: in a
    /// cluster, a node that takes over a bucket's grains (a customer shard activated here after living elsewhere) calls
    /// this first; without it, a record the other node inserted would read as absent.
    /// </summary>
    public void RefreshBucket(int bucket)
    {
        if (_options.Buckets == 0)
        {
            throw new InvalidOperationException("Grains are not bucketed in this storage (Buckets is 0).");
        }

        ArgumentOutOfRangeException.ThrowIfNegative(bucket);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(bucket, _options.Buckets);
        var partition = BucketPartition(bucket);
        _packs?.Reload(partition);
        _buckets?.Reload(partition);
    }

    private string BucketPartition(int bucket) =>
        _bucketPartitions[bucket] ??= TableKeys.BucketPartitionKey(_serviceId, bucket);

    // False when the record is one of the one-entity-per-record layout, to be read as such.
    private async Task<bool> ReadPackedAsync<T>(RecordKey key, string stateName, IGrainState<T> grainState, CancellationToken cancellationToken)
    {
        var found = await _packs!.ReadAsync(key.Partition, key.Row, cancellationToken).ConfigureAwait(false);
        switch (found.Kind)
        {
            case PackReadKind.Absent:
                Reset(grainState, etag: null);
                return true;
            case PackReadKind.Cleared:
                Reset(grainState, found.ETag);
                return true;
            case PackReadKind.State:
                var (grainId, storedStateName, payload) = PackFormat.ReadBlob(found.Blob);
                if (grainId != key.EscapedGrainId || storedStateName != key.EscapedStateName)
                {
                    throw new InvalidDataException($"Table '{_options.TableName}' record {key.Partition}/{key.Row} does not belong to state '{stateName}' of grain {key.GrainId} (hashed key collision).");
                }

                grainState.State = JsonSerializer.Deserialize<T>(payload.Span, _options.JsonSerializerOptions) ?? Activator.CreateInstance<T>();
                grainState.ETag = found.ETag;
                grainState.RecordExists = true;
                return true;
            default:
                return false;
        }
    }

    /// <summary>
    /// A record's write to a pack; <paramref name="blob"/> is the record as the pack holds it (its escaped identity, then
    /// its payload: <see cref="PackFormat.Blob"/>).
    /// </summary>
    private static PackWrite PackedWrite(RecordKey key, string stateName, RecordKind kind, byte[] blob, string? etag)
    {
        var size = PackFormat.SizeAlone(key.Partition, key.Row, blob.Length);
        return size <= StateEntity.MaxEntityBytes
            ? new PackWrite(key.Row, etag, kind, blob)
            : throw new GrainStateTooLargeException(key.GrainId, stateName, size, StateEntity.MaxEntityBytes);
    }

    private static void Reset<T>(IGrainState<T> grainState, string? etag)
    {
        grainState.State = Activator.CreateInstance<T>();
        grainState.ETag = etag;
        grainState.RecordExists = false;
    }

    private RecordKey Key(string stateName, GrainId grainId)
    {
        ArgumentNullException.ThrowIfNull(stateName);
        var id = grainId.ToString();

        // Escaped once here, for the row key and for the identity a pack's blob holds and a read checks.
        var escapedId = TableKeys.Escape(id);
        var escapedState = TableKeys.Escape(stateName);
        return _options.Buckets == 0
            ? new RecordKey(TableKeys.PartitionKeyOfEscaped(_serviceId, escapedId), TableKeys.RowKeyOfEscaped(escapedState), id, escapedId, escapedState)
            : new RecordKey(BucketPartition(TableKeys.Bucket(id, _options.Buckets)), TableKeys.BucketRowKeyOfEscaped(escapedId, escapedState), id, escapedId, escapedState);
    }

    // The record's keys, and the grain id and state name as a pack's blob holds them (escaped).
    private readonly record struct RecordKey(string Partition, string Row, string GrainId, string EscapedGrainId, string EscapedStateName);
}
