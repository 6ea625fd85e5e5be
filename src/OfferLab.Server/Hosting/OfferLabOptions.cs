namespace OfferLab.Server.Hosting;

/// <summary>Everything OfferLab reads from configuration (section <c>OfferLab</c>).</summary>
public sealed class OfferLabOptions
{
    public const string Section = "OfferLab";

    public StorageOptions Storage { get; set; } = new();

    public SiloOptions Silo { get; set; } = new();

    public ExperimentsOptions Experiments { get; set; } = new();

    public TokenOptions Tokens { get; set; } = new();

    public AssignmentOptions Assignment { get; set; } = new();

    /// <summary>API keys and the role each grants. Keys are secrets: never logged.</summary>
    public List<ApiKeyOptions> ApiKeys { get; set; } = [];
}

/// <summary>Where grain state lives.</summary>
public sealed class StorageOptions
{
    /// <summary>Azure Table storage connection string; <c>UseDevelopmentStorage=true</c> is Azurite on its default ports.</summary>
    public string ConnectionString { get; set; } = "";

    /// <summary>The table holding grain state.</summary>
    public string TableName { get; set; } = "OfferLabGrainState";

    /// <summary>
    /// Partitions customers are hashed into (same table). Customers' writes to one bucket go together in batch
    /// transactions and a new customer costs no read; more buckets mean smaller batches, fewer mean larger ones. The
    /// customer shards follow the buckets (every customer of a shard in one bucket), so a checkpoint's writes per shard
    /// fill a bucket's transactions.
    /// </summary>
    public int CustomerBuckets { get; set; } = 128;

    /// <summary>
    /// True (default): the customers a checkpoint transaction writes to a bucket share one entity (a pack) instead of
    /// one entity each, and packs whose records were mostly rewritten are compacted. Assumes this node is the only
    /// writer of the customer buckets, as a single-node OfferLab is: another writer's changes are learned when a write
    /// of this node conflicts with them (and that write is refused), not before. False: one entity per customer.
    /// Packing reads the records the one-entity layout wrote, and deletes each once it is rewritten into a pack; the
    /// one-entity layout does not read packs, so a table that holds packs must keep packing.
    /// </summary>
    public bool PackCustomers { get; set; } = true;

    /// <summary>
    /// Customer checkpoint transactions in flight at once. Checkpoints are background work: a low bound keeps a
    /// checkpoint's burst from crowding out the journal's writes, which storefront requests wait for.
    /// </summary>
    public int CheckpointTransactions { get; set; } = 2;

    /// <summary>
    /// Journal transactions in flight at once. Storage costs about the same per transaction whatever it holds, so
    /// fewer in flight means larger group commits and less storage work per request.
    /// </summary>
    public int JournalTransactions { get; set; } = 4;

    /// <summary>
    /// While a journal transaction is in flight, how long the next group commit waits to fill up before it is cut
    /// (an idle journal never waits). Measured on Azurite: 2 ms doubles the entries per transaction under load.
    /// </summary>
    public TimeSpan JournalBatchDelay { get; set; } = TimeSpan.FromMilliseconds(2);
}

/// <summary>The Orleans silo of this process.</summary>
public sealed class SiloOptions
{
    public string ClusterId { get; set; } = "offerlab-dev";

    public string ServiceId { get; set; } = "offerlab";

    /// <summary>Silo-to-silo port; 0 picks a free one at start.</summary>
    public int SiloPort { get; set; } = 11111;

    /// <summary>Client gateway port; 0 picks a free one at start.</summary>
    public int GatewayPort { get; set; } = 30000;

    /// <summary>
    /// How silos find each other: <c>localhost</c> (default), one node on its own; or <c>redis</c>, a cluster whose
    /// membership is kept in the Redis server <see cref="Redis"/> names. In a cluster every node keeps a journal of its
    /// own (<c>Assignment:JournalId</c>, unique and stable per node) and the customer storage has at least one bucket
    /// per customer shard (<c>Storage:CustomerBuckets</c> ≥ 256), so each bucket has one writer at a time.
    /// </summary>
    public string Clustering { get; set; } = LocalhostClustering;

    /// <summary>The Redis server of a <c>redis</c> cluster, as StackExchange.Redis reads it (e.g. <c>127.0.0.1:6379</c>).</summary>
    public string Redis { get; set; } = "";

    /// <summary>The address other silos reach this one at (a cluster's nodes advertise it in the membership).</summary>
    public string AdvertisedAddress { get; set; } = "127.0.0.1";

    public const string LocalhostClustering = "localhost";

    public const string RedisClustering = "redis";

    /// <summary>True when this node is one of a Redis-membership cluster.</summary>
    public bool IsCluster => string.Equals(Clustering, RedisClustering, StringComparison.Ordinal);
}

/// <summary>One API key.</summary>
public sealed class ApiKeyOptions
{
    /// <summary>Who holds the key, for audit and logs (the key itself is never logged).</summary>
    public string Name { get; set; } = "";

    public string Key { get; set; } = "";

    /// <summary><c>storefront</c>, <c>editor</c>, <c>analyst</c> or <c>admin</c>.</summary>
    public string Role { get; set; } = "";
}

/// <summary>Declarations loaded at start.</summary>
public sealed class ExperimentsOptions
{
    /// <summary>A folder of <c>*.yaml</c> declarations applied at start (empty: none).</summary>
    public string Path { get; set; } = "";
}

/// <summary>Signing of assignment tokens.</summary>
public sealed class TokenOptions
{
    /// <summary>Base64 HMAC key of at least 32 bytes. A secret: never logged. Rotating it invalidates outstanding tokens.</summary>
    public string SigningKey { get; set; } = "";
}

/// <summary>The assignment path.</summary>
public sealed class AssignmentOptions
{
    /// <summary>How old a silo's cached weights may get before they are refreshed from the experiment grain.</summary>
    public TimeSpan CacheRefresh { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>Journal segments are checkpointed (customer and count state written, records dropped) at this age.</summary>
    public TimeSpan CheckpointInterval { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// A journal segment is also checkpointed once it holds this many records, which bounds what a restart replays.
    /// Set so that under normal load the age decides: a checkpoint writes every customer the segment touched, so a
    /// segment closed early by its size writes the same active customers again and again within one interval.
    /// </summary>
    public int CheckpointMaxRecords { get; set; } = 200_000;

    /// <summary>
    /// How long a customer may go without a request before its grain is released from memory (its state written; the
    /// next request reads it back from Table storage). Orleans' default of two hours would keep every customer of a
    /// busy day in memory; a few minutes covers a shopping session.
    /// </summary>
    public TimeSpan CustomerIdleTimeout { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>Identifies this node's journal; a restarted node must keep it to replay what it had not checkpointed.</summary>
    public string JournalId { get; set; } = "node-1";
}
