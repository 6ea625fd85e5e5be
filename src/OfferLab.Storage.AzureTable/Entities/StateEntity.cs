using Azure.Data.Tables;
using OfferLab.Storage.AzureTable.Keys;

namespace OfferLab.Storage.AzureTable.Entities;

/// <summary>
/// The layout of one grain state record: identity properties (checked on read, so a hashed key can
/// never hand back another grain's state), a tombstone flag, and the serialized state split over
/// numbered binary properties of at most 64 KiB each.
/// </summary>
internal static class StateEntity
{
    public const int MaxEntityBytes = 1024 * 1024;

    private const string GrainIdProperty = "GrainId";
    private const string StateNameProperty = "StateName";
    private const string ClearedProperty = "Cleared";
    private const string ChunksProperty = "Chunks";
    private const string ChunkPrefix = "Data";

    // Azure's own formula: 4 bytes, keys in UTF-16, and per property 8 bytes + its name in UTF-16 +
    // its value (binary: length + 4, string: UTF-16 + 4, bool: 1, int: 4). The system Timestamp
    // property counts too; a spare kilobyte covers any rounding of ours.
    private const int Slack = 1024;

    public static TableEntity Create(string partitionKey, string rowKey, string grainId, string stateName, ReadOnlyMemory<byte> payload)
    {
        var entity = Identity(partitionKey, rowKey, grainId, stateName, cleared: false);
        entity[ChunksProperty] = BinaryChunks.Write(entity, ChunkPrefix, payload);

        var size = SizeOf(entity);
        return size <= MaxEntityBytes ? entity : throw new GrainStateTooLargeException(grainId, stateName, size, MaxEntityBytes);
    }

    public static TableEntity Tombstone(string partitionKey, string rowKey, string grainId, string stateName)
    {
        var entity = Identity(partitionKey, rowKey, grainId, stateName, cleared: true);
        entity[ChunksProperty] = 0;
        return entity;
    }

    public static bool IsCleared(TableEntity entity) => entity.GetBoolean(ClearedProperty) ?? false;

    /// <summary>Whether the record belongs to this grain and state (false only on a key-hash collision).</summary>
    public static bool BelongsTo(TableEntity entity, string grainId, string stateName) =>
        entity.GetString(GrainIdProperty) == TableKeys.Escape(grainId)
        && entity.GetString(StateNameProperty) == TableKeys.Escape(stateName);

    public static byte[] Payload(TableEntity entity) => BinaryChunks.Join(entity, ChunkPrefix, entity.GetInt32(ChunksProperty) ?? 0);

    public static long SizeOf(TableEntity entity)
    {
        long size = 4 + (2L * entity.PartitionKey.Length) + (2L * entity.RowKey.Length) + Slack;
        foreach (var (name, value) in entity)
        {
            if (name is "PartitionKey" or "RowKey" or "odata.etag" or "Timestamp")
            {
                continue;
            }

            size += 8 + (2L * name.Length) + value switch
            {
                byte[] bytes => bytes.Length + 4,
                string text => (2L * text.Length) + 4,
                bool => 1,
                int => 4,
                _ => 8,
            };
        }

        return size + 8 + (2 * "Timestamp".Length) + 8;
    }

    // Identity is stored escaped (readable, no control characters or lone surrogates to trip the
    // wire format) so an operator can see which grain a hashed key holds.
    private static TableEntity Identity(string partitionKey, string rowKey, string grainId, string stateName, bool cleared) =>
        new(partitionKey, rowKey)
        {
            [GrainIdProperty] = TableKeys.Escape(grainId),
            [StateNameProperty] = TableKeys.Escape(stateName),
            [ClearedProperty] = cleared,
        };
}
