using Azure;
using Azure.Data.Tables;
using OfferLab.Storage.AzureTable.Buckets;

namespace OfferLab.Storage.AzureTable.Packs;

/// <summary>
/// One bucket of the packed layout. The records written by one batch transaction share one entity (a pack), so a
/// checkpoint of thousands of grains stores a few dozen entities instead of thousands: the storage's cost is per
/// entity far more than per byte. The bucket keeps an index of where each record's current version is (loaded once by
/// listing the packs' directories, never their payloads), checks every write's condition against it, and guards each
/// transaction with a conditional update of the bucket's head row, so a second writer of the bucket is detected
/// (its transaction, or ours, is refused; the refused side reloads the index and checks its writes again).
/// Superseded versions stay in their packs until a compaction moves the live records of sparse packs into a new pack
/// and deletes the old ones, in one transaction. Records of the one-entity-per-record layout are read where they are
/// and deleted once rewritten, so a table changes layout without losing a record.
/// </summary>
internal sealed class PackedBucket(TableClient table, string partition, SemaphoreSlim transactions, PackCache cache, string provider)
{
    /// <summary>Records per write transaction at most, as in the one-entity-per-record layout.</summary>
    public const int MaxRecords = 100;

    /// <summary>A pack is cut here unless its first record alone is larger (up to the 1 MiB entity limit).</summary>
    private const long SoftPackBytes = 256 * 1024;

    private const long MaxDirectoryBytes = 192 * 1024;

    /// <summary>Superseded bytes a bucket may hold before compacting, and at least as many as its live bytes.</summary>
    private const long CompactionDeadBytes = 64 * 1024;

    /// <summary>Packs smaller than this (writes that trickled in one by one) are merged once a bucket has <see cref="SmallPacks"/> of them.</summary>
    private const long SmallPackBytes = 16 * 1024;

    private const int SmallPacks = 8;

    private const long CompactionMoveBytes = 768 * 1024;
    private const int CompactionMoveRecords = 1_000;
    private const int CompactionDeletes = 90;

    /// <summary>Write transactions between compactions while writes keep queueing.</summary>
    private const int CompactionEvery = 8;

    private readonly Lock _gate = new();
    private readonly List<PackWrite> _queue = [];

    // The rows of the batch Cut is making (under _gate); kept, so each cut does not allocate a set.
    private readonly HashSet<string> _cutRows = new(StringComparer.Ordinal);
    private bool _draining;
    private Task? _loading;
    private bool _stale;

    // The index: guarded by _gate, replaced whole by a load, changed by the drain alone.
    private Dictionary<string, Entry> _records = new(StringComparer.Ordinal);
    private Dictionary<long, PackInfo> _packs = [];
    private List<(string Row, string ETag)> _deadLegacy = [];
    private string? _headETag;
    private long _next;

    public async Task<PackRead> ReadAsync(string row, CancellationToken cancellationToken)
    {
        for (var attempt = 0; ; attempt++)
        {
            await EnsureLoadedAsync(cancellationToken).ConfigureAwait(false);
            Entry entry;
            lock (_gate)
            {
                if (!_records.TryGetValue(row, out entry) || entry.Kind == RecordKind.Deleted)
                {
                    return PackRead.Absent;
                }
            }

            if (entry.Pack < 0)
            {
                return PackRead.Legacy;
            }

            if (entry.Kind == RecordKind.Cleared)
            {
                return new PackRead(PackReadKind.Cleared, entry.ETag, default);
            }

            var key = CacheKey(entry.Pack);
            var data = await cache.GetAsync(key, () => ReadPackDataAsync(entry.Pack)).WaitAsync(cancellationToken).ConfigureAwait(false);
            if (data is not null && entry.Offset + entry.Length <= data.Length)
            {
                return new PackRead(PackReadKind.State, entry.ETag, data.AsMemory(entry.Offset, entry.Length));
            }

            // A compaction moved the record between the lookup and the read: look it up again.
            cache.Remove(key);
            if (attempt >= 5)
            {
                throw new InvalidDataException($"Record {partition}/{row} is not in pack {entry.Pack}, where the bucket's index puts it.");
            }

            await Task.Delay(TimeSpan.FromMilliseconds(5 * (attempt + 1)), cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>
    /// Lists the bucket again at its next use, for a caller that takes over the bucket's grains from another node
    /// (whose writes this index has not seen). Not while this provider has writes queued or in flight: then it is the
    /// bucket's writer, and a listing taken before its transaction lands would lose that transaction's records.
    /// </summary>
    public void Reload()
    {
        lock (_gate)
        {
            if (!_draining && _queue.Count == 0)
            {
                _stale = true;
            }
        }
    }

    public Task<string?> WriteAsync(PackWrite write)
    {
        lock (_gate)
        {
            _queue.Add(write);
            if (!_draining)
            {
                _draining = true;
                _ = Task.Run(DrainAsync);
            }
        }

        return write.Done;
    }

    private Task EnsureLoadedAsync(CancellationToken cancellationToken)
    {
        Task loading;
        lock (_gate)
        {
            if (_loading is null || _loading.IsFaulted || _loading.IsCanceled || (_stale && _loading.IsCompleted))
            {
                // Shared by every user of the bucket, so no single caller's token may cancel it.
                _stale = false;
                _loading = LoadAsync();
            }

            loading = _loading;
        }

        return loading.IsCompletedSuccessfully ? Task.CompletedTask : loading.WaitAsync(cancellationToken);
    }

    private async Task LoadAsync()
    {
        var listed = new List<(long Sequence, string ETag, List<DirectoryEntry> Directory)>();
        var legacy = new Dictionary<string, string>(StringComparer.Ordinal);
        string? headETag = null;
        long next = 0;
        var filter = TableClient.CreateQueryFilter($"PartitionKey eq {partition}");
        await foreach (var entity in table.QueryAsync<TableEntity>(filter, maxPerPage: 1000, select: PackFormat.ListedProperties).ConfigureAwait(false))
        {
            if (entity.RowKey == PackFormat.HeadRow)
            {
                headETag = entity.ETag.ToString();
                next = Math.Max(next, entity.GetInt64(PackFormat.NextProperty) ?? 0);
            }
            else if (PackFormat.IsPackRow(entity.RowKey))
            {
                listed.Add((PackFormat.SequenceOf(entity.RowKey), entity.ETag.ToString(), PackFormat.Directory(entity)));
            }
            else
            {
                legacy[entity.RowKey] = entity.ETag.ToString();
            }
        }

        // A later pack holds the later version of a record (a compaction moves only current versions).
        listed.Sort((a, b) => a.Sequence.CompareTo(b.Sequence));
        var records = new Dictionary<string, Entry>(StringComparer.Ordinal);
        var packs = new Dictionary<long, PackInfo>();
        foreach (var (sequence, etag, directory) in listed)
        {
            packs[sequence] = new PackInfo(etag) { TotalBytes = directory.Sum(e => (long)e.Length) };
            foreach (var entry in directory)
            {
                records[entry.Row] = new Entry(sequence, entry.ETag, entry.Kind, entry.Offset, entry.Length);
            }

            next = Math.Max(next, sequence + 1);
        }

        foreach (var entry in records.Values)
        {
            packs[entry.Pack].Add(entry.Length);
        }

        var deadLegacy = new List<(string, string)>();
        foreach (var (row, etag) in legacy)
        {
            if (records.ContainsKey(row))
            {
                deadLegacy.Add((row, etag));
            }
            else
            {
                records[row] = new Entry(-1, etag, RecordKind.State, 0, 0);
            }
        }

        lock (_gate)
        {
            _records = records;
            _packs = packs;
            _deadLegacy = deadLegacy;
            _headETag = headETag;
            _next = next;
        }
    }

    private async Task<byte[]?> ReadPackDataAsync(long sequence)
    {
        var found = await table.GetEntityIfExistsAsync<TableEntity>(partition, PackFormat.PackRow(sequence)).ConfigureAwait(false);
        return found.HasValue && found.Value is { } pack ? PackFormat.Data(pack) : null;
    }

    private async Task DrainAsync()
    {
        var sinceCompaction = 0;
        var compactedWhileIdle = false;
        while (true)
        {
            // Waiting for a slot before cutting the batch is what lets it fill.
            await transactions.WaitAsync().ConfigureAwait(false);
            try
            {
                try
                {
                    await EnsureLoadedAsync(CancellationToken.None).ConfigureAwait(false);
                }
                catch (Exception e) when (e is not OutOfMemoryException)
                {
                    // Without the index no condition can be checked: what is queued fails, nothing was written.
                    FailQueued(e);
                    if (Idle())
                    {
                        return;
                    }

                    continue;
                }

                List<PackWrite> batch;
                lock (_gate)
                {
                    batch = Cut();
                }

                if (batch.Count > 0)
                {
                    await CommitAsync(batch).ConfigureAwait(false);

                    // The commit may have made garbage: the bucket is worth a compaction again once the queue runs dry.
                    compactedWhileIdle = false;
                    if (++sinceCompaction >= CompactionEvery)
                    {
                        sinceCompaction = 0;
                        if (CompactionDue())
                        {
                            await CompactAsync().ConfigureAwait(false);
                        }
                    }

                    continue;
                }

                // Once the queue is empty: one compaction (a failed one is not retried in a loop, only after the next
                // commit), then stop.
                if (!compactedWhileIdle && CompactionDue())
                {
                    compactedWhileIdle = true;
                    await CompactAsync().ConfigureAwait(false);
                    continue;
                }

                if (Idle())
                {
                    return;
                }
            }
            finally
            {
                transactions.Release();
            }
        }
    }

    private bool Idle()
    {
        lock (_gate)
        {
            if (_queue.Count > 0)
            {
                return false;
            }

            _draining = false;
            return true;
        }
    }

    private void FailQueued(Exception cause)
    {
        List<PackWrite> failed;
        lock (_gate)
        {
            failed = [.. _queue];
            _queue.Clear();
        }

        foreach (var write in failed)
        {
            write.Fail(cause);
        }
    }

    // Under _gate. In arrival order; a second write of a record waits for the next batch (its condition depends on the
    // first's outcome). The writes left behind keep their order, moved up in one pass.
    private List<PackWrite> Cut()
    {
        var batch = new List<PackWrite>(Math.Min(_queue.Count, MaxRecords));
        long bytes = 0, directory = 0;
        var kept = 0;
        for (var i = 0; i < _queue.Count; i++)
        {
            var write = _queue[i];
            if (batch.Count < MaxRecords && _cutRows.Add(write.Row))
            {
                var entryBytes = PackFormat.DirectoryBytes(write.Row);
                if (batch.Count == 0 || (bytes + write.Blob.Length <= SoftPackBytes && directory + entryBytes <= MaxDirectoryBytes))
                {
                    batch.Add(write);
                    bytes += write.Blob.Length;
                    directory += entryBytes;
                    continue;
                }
            }

            _queue[kept++] = write;
        }

        _queue.RemoveRange(kept, _queue.Count - kept);
        _cutRows.Clear();
        return batch;
    }

    private async Task CommitAsync(List<PackWrite> batch)
    {
        for (var attempt = 0; ; attempt++)
        {
            var accepted = new List<PackWrite>(batch.Count);
            long sequence;
            string? headETag;
            lock (_gate)
            {
                foreach (var write in batch)
                {
                    if (Refusal(write) is { } refusal)
                    {
                        write.Fail(refusal);
                    }
                    else if (write.Kind == RecordKind.Deleted && write.ETag is null)
                    {
                        // Deleting a record that does not exist changes nothing.
                        write.Succeed(null);
                    }
                    else
                    {
                        accepted.Add(write);
                    }
                }

                sequence = _next;
                headETag = _headETag;
            }

            if (accepted.Count == 0)
            {
                return;
            }

            // Every record of the pack takes the pack's ETag, as every entity of one Azure batch takes one timestamp: a
            // row is in a pack at most once and pack sequences are never reused, so a row's ETag still changes with every
            // write of it; one string per pack rather than per record is one object fewer for every customer held.
            var records = new List<PackedRecord>(accepted.Count);
            var etag = PackETag.Format(sequence);
            foreach (var write in accepted)
            {
                records.Add(new PackedRecord(write.Row, etag, write.Kind, write.Blob));
            }

            try
            {
                var actions = new List<TableTransactionAction>
                {
                    new(TableTransactionActionType.Add, PackFormat.Entity(partition, sequence, records)),
                    Head(headETag, sequence + 1),
                };
                BucketMetrics.Sent(provider, records.Count);
                var responses = await table.SubmitTransactionAsync(actions).ConfigureAwait(false);
                lock (_gate)
                {
                    Stored(sequence, records, ETagOf(responses.Value[0]));
                    _headETag = ETagOf(responses.Value[1]);
                    _next = sequence + 1;
                }

                for (var i = 0; i < accepted.Count; i++)
                {
                    accepted[i].Succeed(records[i].Kind == RecordKind.Deleted ? null : records[i].ETag);
                }

                return;
            }
            catch (TableTransactionFailedException e) when (e.Status is 404 or 409 or 412 && attempt < 3)
            {
                // Another writer changed the bucket: learn what it holds now, then check every write again.
                if (!await ReloadAsync(accepted).ConfigureAwait(false))
                {
                    return;
                }

                batch = accepted;
            }
            catch (Exception e) when (e is not OutOfMemoryException)
            {
                // The outcome is unknown (the transaction may have been stored): nothing of it is acknowledged, and the
                // index is read again before the bucket is used next.
                lock (_gate)
                {
                    _stale = true;
                }

                foreach (var write in accepted)
                {
                    write.Fail(e);
                }

                return;
            }
        }
    }

    private async Task<bool> ReloadAsync(List<PackWrite> waiting)
    {
        lock (_gate)
        {
            _stale = true;
        }

        try
        {
            await EnsureLoadedAsync(CancellationToken.None).ConfigureAwait(false);
            return true;
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            foreach (var write in waiting)
            {
                write.Fail(e);
            }

            return false;
        }
    }

    /// <summary>Why the write's condition does not hold against the index (as the service would answer), or null.</summary>
    private RequestFailedException? Refusal(PackWrite write)
    {
        var exists = _records.TryGetValue(write.Row, out var current) && current.Kind != RecordKind.Deleted;
        if (write.ETag is null)
        {
            return exists ? new RequestFailedException(409, "The record exists but the writer holds no ETag.") : null;
        }

        if (!exists)
        {
            return new RequestFailedException(404, "The record the writer's ETag names no longer exists.");
        }

        return current.HasETag(write.ETag) ? null : new RequestFailedException(412, "The record changed since the writer's ETag.");
    }

    // Under _gate: the records of a stored pack become the current versions; what they replace becomes garbage.
    private void Stored(long sequence, List<PackedRecord> records, string packETag)
    {
        var pack = new PackInfo(packETag);
        var offset = 0;
        foreach (var record in records)
        {
            if (_records.TryGetValue(record.Row, out var previous))
            {
                Supersede(record.Row, previous);
            }

            _records[record.Row] = new Entry(sequence, record.ETag, record.Kind, offset, record.Blob.Length);
            pack.TotalBytes += record.Blob.Length;
            pack.Add(record.Blob.Length);
            offset += record.Blob.Length;
        }

        _packs[sequence] = pack;
    }

    private void Supersede(string row, Entry previous)
    {
        if (previous.Pack < 0)
        {
            _deadLegacy.Add((row, previous.ETag));
        }
        else if (_packs.TryGetValue(previous.Pack, out var pack))
        {
            pack.Remove(previous.Length);
        }
    }

    private bool CompactionDue()
    {
        lock (_gate)
        {
            long live = 0, dead = 0;
            var small = 0;
            foreach (var pack in _packs.Values)
            {
                if (pack.Live == 0)
                {
                    return true;
                }

                live += pack.LiveBytes;
                dead += pack.TotalBytes - pack.LiveBytes;
                small += pack.TotalBytes < SmallPackBytes ? 1 : 0;
            }

            return _deadLegacy.Count > 0 || (dead > CompactionDeadBytes && dead > live) || small >= SmallPacks;
        }
    }

    /// <summary>
    /// Moves the live records of the sparsest packs into one new pack and deletes those packs (and rewritten records of
    /// the old layout), in one transaction guarded by the head: either all of it is stored or none. The moved records
    /// keep their ETags, so their grains' writes still match.
    /// </summary>
    private async Task CompactAsync()
    {
        List<(long Sequence, PackInfo Pack)> chosen = [];
        List<(string Row, string ETag)> legacy;
        long sequence;
        string? headETag;
        lock (_gate)
        {
            long moveBytes = 0;
            var moveRecords = 0;
            var mergeSmall = _packs.Values.Count(p => p.TotalBytes < SmallPackBytes) >= SmallPacks;
            foreach (var (candidate, pack) in _packs.Where(p => p.Value.Live == 0 || 2 * p.Value.LiveBytes < p.Value.TotalBytes || (mergeSmall && p.Value.TotalBytes < SmallPackBytes))
                         .OrderBy(p => (double)p.Value.LiveBytes / Math.Max(1, p.Value.TotalBytes)))
            {
                if (chosen.Count >= CompactionDeletes || moveBytes + pack.LiveBytes > CompactionMoveBytes || moveRecords + pack.Live > CompactionMoveRecords)
                {
                    break;
                }

                chosen.Add((candidate, pack));
                moveBytes += pack.LiveBytes;
                moveRecords += pack.Live;
            }

            legacy = [.. _deadLegacy.Take(CompactionDeletes - chosen.Count)];
            sequence = _next;
            headETag = _headETag;
        }

        if (chosen.Count == 0 && legacy.Count == 0)
        {
            return;
        }

        try
        {
            var moved = new List<PackedRecord>();
            foreach (var (from, pack) in chosen.Where(c => c.Pack.Live > 0))
            {
                var found = await table.GetEntityIfExistsAsync<TableEntity>(partition, PackFormat.PackRow(from)).ConfigureAwait(false);
                if (!found.HasValue || found.Value is not { } entity)
                {
                    throw new InvalidDataException($"Pack {partition}/{from} is gone.");
                }

                var data = PackFormat.Data(entity);
                lock (_gate)
                {
                    foreach (var entry in PackFormat.Directory(entity))
                    {
                        if (_records.TryGetValue(entry.Row, out var current) && current.Pack == from && current.HasETag(entry.ETag))
                        {
                            moved.Add(new PackedRecord(entry.Row, entry.ETag, entry.Kind, data.AsSpan(entry.Offset, entry.Length).ToArray()));
                        }
                    }
                }
            }

            var actions = new List<TableTransactionAction>();
            if (moved.Count > 0)
            {
                actions.Add(new TableTransactionAction(TableTransactionActionType.Add, PackFormat.Entity(partition, sequence, moved)));
            }

            actions.AddRange(chosen.Select(c => new TableTransactionAction(TableTransactionActionType.Delete, new TableEntity(partition, PackFormat.PackRow(c.Sequence)), new ETag(c.Pack.ETag))));
            actions.AddRange(legacy.Select(l => new TableTransactionAction(TableTransactionActionType.Delete, new TableEntity(partition, l.Row), new ETag(l.ETag))));
            actions.Add(Head(headETag, moved.Count > 0 ? sequence + 1 : sequence));
            BucketMetrics.Sent(provider, moved.Count + chosen.Count + legacy.Count);
            var responses = await table.SubmitTransactionAsync(actions).ConfigureAwait(false);
            lock (_gate)
            {
                foreach (var (from, _) in chosen)
                {
                    _packs.Remove(from);
                }

                if (moved.Count > 0)
                {
                    Stored(sequence, moved, ETagOf(responses.Value[0]));
                    _next = sequence + 1;
                }

                foreach (var row in legacy)
                {
                    _deadLegacy.Remove(row);
                }

                _headETag = ETagOf(responses.Value[^1]);
            }

            foreach (var (from, _) in chosen)
            {
                cache.Remove(CacheKey(from));
            }
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            // Nothing of a refused compaction is stored; the index is read again before the bucket is used next.
            lock (_gate)
            {
                _stale = true;
            }
        }
    }

    private TableTransactionAction Head(string? etag, long next)
    {
        var head = new TableEntity(partition, PackFormat.HeadRow) { [PackFormat.NextProperty] = next };
        return etag is null
            ? new TableTransactionAction(TableTransactionActionType.Add, head)
            : new TableTransactionAction(TableTransactionActionType.UpdateReplace, head, new ETag(etag));
    }

    private string CacheKey(long sequence) => partition + PackFormat.PackRow(sequence);

    private static string ETagOf(Response response) =>
        response.Headers.ETag?.ToString() ?? throw new InvalidDataException("A stored entity came back without an ETag.");

    /// <summary>
    /// Where a record's current version is: a pack and its place there, or (pack -1) an entity of the old layout. A
    /// record written by a pack transaction has that pack's ETag (<see cref="PackETag"/>), which the entry gives from
    /// its pack number rather than holding the string: a checkpoint rewrites the entries of hundreds of thousands of
    /// records, and storing a new string into each would leave as many cards of this long-lived index for every
    /// ephemeral collection to scan until those strings grow old. Any other ETag (a record a compaction moved keeps
    /// its older pack's, older pack forms, entities of the old layout) is held as its text.
    /// </summary>
    private readonly struct Entry(long pack, string etag, RecordKind kind, int offset, int length)
    {
        // Null when the ETag is the pack's own.
        private readonly string? _etag = PackETag.TryParse(etag, out var sequence) && sequence == pack ? null : etag;

        public long Pack { get; } = pack;

        public RecordKind Kind { get; } = kind;

        public int Offset { get; } = offset;

        public int Length { get; } = length;

        public string ETag => _etag ?? PackETag.Format(Pack);

        /// <summary>Whether the record's ETag is <paramref name="etag"/>, without spelling a pack's ETag out.</summary>
        public bool HasETag(string? etag) =>
            _etag is not null ? string.Equals(_etag, etag, StringComparison.Ordinal) : PackETag.TryParse(etag, out var sequence) && sequence == Pack;
    }

    private sealed class PackInfo(string etag)
    {
        public string ETag => etag;

        public long TotalBytes { get; set; }

        public int Live { get; private set; }

        public long LiveBytes { get; private set; }

        public void Add(int bytes)
        {
            Live++;
            LiveBytes += bytes;
        }

        public void Remove(int bytes)
        {
            Live--;
            LiveBytes -= bytes;
        }
    }
}
