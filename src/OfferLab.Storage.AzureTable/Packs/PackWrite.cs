namespace OfferLab.Storage.AzureTable.Packs;

/// <summary>
/// One conditional change to a record of a packed bucket, waiting for its batch: a state, a cleared state or a
/// deletion, allowed when the record's current ETag is <see cref="ETag"/> (null: when there is no record). Completes
/// with the record's new ETag (null after a deletion).
/// </summary>
internal sealed class PackWrite(string row, string? etag, RecordKind kind, byte[] blob)
{
    private readonly TaskCompletionSource<string?> _done = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public string Row => row;

    public string? ETag => etag;

    public RecordKind Kind => kind;

    public byte[] Blob => blob;

    public Task<string?> Done => _done.Task;

    public void Succeed(string? newETag) => _done.TrySetResult(newETag);

    public void Fail(Exception exception) => _done.TrySetException(exception);
}

/// <summary>What a read of a packed bucket found.</summary>
internal enum PackReadKind
{
    /// <summary>No record, or a deleted one: a new state without ETag.</summary>
    Absent,

    /// <summary>A cleared state: a new state with the record's ETag.</summary>
    Cleared,

    /// <summary>A state: its blob and ETag.</summary>
    State,

    /// <summary>A record of the one-entity-per-record layout, not yet rewritten into a pack: read the entity.</summary>
    Legacy,
}

internal readonly record struct PackRead(PackReadKind Kind, string? ETag, ReadOnlyMemory<byte> Blob)
{
    public static PackRead Absent { get; } = new(PackReadKind.Absent, null, default);

    public static PackRead Legacy { get; } = new(PackReadKind.Legacy, null, default);
}
