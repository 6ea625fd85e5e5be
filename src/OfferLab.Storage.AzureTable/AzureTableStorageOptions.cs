using System.Text.Json;
using Azure.Core;
using Azure.Data.Tables;

namespace OfferLab.Storage.AzureTable;

/// <summary>Where and how <see cref="AzureTableGrainStorage"/> keeps grain state.</summary>
/// <remarks>Give either <see cref="ConnectionString"/> or <see cref="ServiceUri"/> with <see cref="TokenCredential"/>.</remarks>
public sealed class AzureTableStorageOptions
{
    /// <summary>An Azure Storage connection string (<c>UseDevelopmentStorage=true</c> for Azurite on its default ports).</summary>
    public string? ConnectionString { get; set; }

    /// <summary>The table service endpoint, e.g. <c>https://account.table.core.windows.net</c>; needs <see cref="TokenCredential"/>.</summary>
    public Uri? ServiceUri { get; set; }

    /// <summary>The identity used with <see cref="ServiceUri"/>.</summary>
    public TokenCredential? TokenCredential { get; set; }

    /// <summary>Client settings (retries, transport); conflicts are never retried whatever is set here.</summary>
    public TableClientOptions? ClientOptions { get; set; }

    /// <summary>The table that holds grain state; created at silo start when missing.</summary>
    public string TableName { get; set; } = "OrleansGrainState";

    /// <summary>
    /// True: clearing deletes the record. False (default): clearing writes an empty tombstone, so the
    /// record keeps an ETag and a writer holding an older one is still refused.
    /// </summary>
    public bool DeleteStateOnClear { get; set; }

    /// <summary>
    /// 0 (default): one partition per grain. N &gt; 0: grains are hashed into N partitions ("buckets") of the service,
    /// for many small states such as customers. Writes to a bucket are then grouped into batch transactions of up to
    /// 100 records (one round trip instead of one per grain), and reads of a record the provider knows is absent cost
    /// nothing: the first read in a bucket lists the bucket's row keys once and the provider keeps that index.
    /// The index assumes this provider is the only writer of its buckets; if another writer inserts a record, the
    /// insert conflict that follows is reported as usual and the record is known from then on.
    /// </summary>
    public int Buckets { get; set; }

    /// <summary>
    /// Bucketed layout only: batch transactions in flight at once across all buckets (default 8). A burst of writes
    /// (a checkpoint) waits in ever fuller batches instead of flooding the service; a lower bound leaves more of the
    /// service to other users of the table, such as the journal, whose writes are on the request path.
    /// </summary>
    public int MaxConcurrentTransactions { get; set; } = 8;

    /// <summary>
    /// Bucketed layout only. True: the records a batch transaction writes to a bucket share one entity (a "pack"), so a
    /// checkpoint of thousands of grains stores a few dozen entities instead of one per grain; the bucket's index of where
    /// each record is lives in memory (listed once per bucket from the packs' directories, without payloads), and packs
    /// whose records were mostly rewritten are compacted. False (default): one entity per record. Records of the
    /// one-entity-per-record layout are still read with packing on, and deleted once rewritten into a pack; the way back
    /// is not supported (without packing, packs are not read). Packing assumes one writer per bucket: another writer's
    /// changes are seen only once a write of this provider conflicts with them (that write is refused, the index reloaded).
    /// </summary>
    public bool PackRecords { get; set; }

    /// <summary>Packed layout only: bytes of recently read packs kept in memory, so grains activating together read each pack once (default 32 MiB).</summary>
    public long PackCacheBytes { get; set; } = 32L * 1024 * 1024;

    /// <summary>How state is serialized; every stored state is System.Text.Json UTF-8.</summary>
    public JsonSerializerOptions JsonSerializerOptions { get; set; } = new(JsonSerializerDefaults.General);

    /// <summary>Creates the table service client these options describe (options must be valid).</summary>
    internal TableServiceClient CreateServiceClient() =>
        ConnectionString is { Length: > 0 }
            ? new TableServiceClient(ConnectionString, ClientOptions)
            : new TableServiceClient(ServiceUri, TokenCredential, ClientOptions);
}
