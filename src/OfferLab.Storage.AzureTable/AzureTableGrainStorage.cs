using System.Text.Json;
using Azure;
using Azure.Data.Tables;
using Microsoft.Extensions.Logging;
using OfferLab.Storage.AzureTable.Buckets;
using OfferLab.Storage.AzureTable.Entities;
using OfferLab.Storage.AzureTable.Keys;
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
    private readonly Lock _tableGate = new();
    private Task? _tableReady;

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
        _buckets = options.Buckets > 0 ? new BucketedRecords(_table, options.MaxConcurrentTransactions, name) : null;
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

    public async Task WriteStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(grainState);
        var key = Key(stateName, grainId);
        var payload = JsonSerializer.SerializeToUtf8Bytes(grainState.State, _options.JsonSerializerOptions);
        var entity = StateEntity.Create(key.Partition, key.Row, key.GrainId, stateName, payload);
        await TableReady(cancellationToken).ConfigureAwait(false);
        var etag = await Conditionally(() => Put(entity, grainState.ETag, cancellationToken), "write", key, stateName, grainState.ETag).ConfigureAwait(false);
        grainState.ETag = etag;
        grainState.RecordExists = true;
    }

    public async Task ClearStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(grainState);
        var key = Key(stateName, grainId);
        await TableReady(cancellationToken).ConfigureAwait(false);
        string? etag;
        if (_options.DeleteStateOnClear)
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

    /// <summary>
    /// The partition that holds <paramref name="grainId"/>'s records. A caller that writes many grains at once (a
    /// checkpoint) can order its writes by it: writes of one bucket that queue together go in one batch transaction.
    /// </summary>
    public string PartitionOf(GrainId grainId) => PartitionOf(grainId.ToString());

    private string PartitionOf(string id) =>
        _buckets is null
            ? TableKeys.PartitionKey(_serviceId, id)
            : TableKeys.BucketPartitionKey(_serviceId, TableKeys.Bucket(id, _options.Buckets));

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
        return new RecordKey(PartitionOf(id), _buckets is null ? TableKeys.RowKey(stateName) : TableKeys.BucketRowKey(id, stateName), id);
    }

    private readonly record struct RecordKey(string Partition, string Row, string GrainId);
}
