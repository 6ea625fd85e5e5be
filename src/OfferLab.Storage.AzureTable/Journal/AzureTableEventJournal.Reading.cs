using System.Runtime.CompilerServices;
using Azure;
using Azure.Data.Tables;
using Microsoft.Extensions.Logging;

namespace OfferLab.Storage.AzureTable.Journal;

public sealed partial class AzureTableEventJournal
{
    public async Task<IReadOnlyList<string>> ListUnflushedSegmentsAsync(CancellationToken cancellationToken = default)
    {
        var segments = new List<string>();
        var filter = TableClient.CreateQueryFilter($"PartitionKey eq {_registry} and Flushed eq {false}");
        await foreach (var row in _table.QueryAsync<TableEntity>(filter, select: ["RowKey"], cancellationToken: cancellationToken).ConfigureAwait(false))
        {
            segments.Add(row.RowKey);
        }

        // The service returns rows in key order already; sorting says so in code.
        segments.Sort(StringComparer.Ordinal);
        return segments;
    }

    public async IAsyncEnumerable<JournalRecord> ReadAsync(string segment, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(segment);
        if (await RegistryRowAsync(segment, cancellationToken).ConfigureAwait(false) is not { } row)
        {
            // Never registered, or flushed and deleted: nothing to read.
            yield break;
        }

        var rows = SegmentTable(row).QueryAsync<TableEntity>(TableClient.CreateQueryFilter($"PartitionKey eq {segment}"), cancellationToken: cancellationToken);
        await using var reading = rows.GetAsyncEnumerator(cancellationToken);
        while (true)
        {
            try
            {
                if (!await reading.MoveNextAsync().ConfigureAwait(false))
                {
                    yield break;
                }
            }
            catch (RequestFailedException e) when (e.Status == 404)
            {
                // Registered, but its table was never created (a crash between the two) or is already deleted.
                yield break;
            }

            foreach (var record in JournalPacks.Unpack(reading.Current))
            {
                yield return record;
            }
        }
    }

    public async Task MarkFlushedAsync(string segment, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(segment);
        if (Volatile.Read(ref _current)?.Name == segment)
        {
            throw new InvalidOperationException($"Segment {segment} is still open; rotate before marking it flushed.");
        }

        // An update, not an upsert: marking a segment this journal never registered is a caller's mistake (404). A
        // merge, so the row keeps its table's name.
        await _table.UpdateEntityAsync(new TableEntity(_registry, segment) { [FlushedProperty] = true }, ETag.All, TableUpdateMode.Merge, cancellationToken).ConfigureAwait(false);
        if (_options.DeleteFlushedSegments && await RegistryRowAsync(segment, cancellationToken).ConfigureAwait(false) is { } row)
        {
            await DeleteSegmentAsync(row).ConfigureAwait(false);
        }
    }

    /// <summary>The table a segment's entries are in, by name (for tests and tools); null if it is not registered.</summary>
    internal async Task<TableClient?> SegmentTableAsync(string segment) =>
        await RegistryRowAsync(segment, CancellationToken.None).ConfigureAwait(false) is { } row ? SegmentTable(row) : null;

    private async Task<TableEntity?> RegistryRowAsync(string segment, CancellationToken cancellationToken)
    {
        var row = await _table.GetEntityIfExistsAsync<TableEntity>(_registry, segment, select: ["RowKey", TableProperty], cancellationToken).ConfigureAwait(false);
        return row.HasValue ? row.Value : null;
    }

    /// <summary>A segment's own table, or the journal's table for a segment of the earlier layout.</summary>
    private TableClient SegmentTable(TableEntity registryRow) =>
        registryRow.GetString(TableProperty) is { Length: > 0 } name ? _service.GetTableClient(name) : _table;

    /// <summary>
    /// Best effort: drops a flushed segment's table (one call, whatever it holds), then its registry row. A segment of
    /// the earlier layout has its rows deleted in batches instead. What fails stays marked flushed and is retried when
    /// a journal with this id next opens; it only takes space meanwhile.
    /// </summary>
    private async Task DeleteSegmentAsync(TableEntity registryRow)
    {
        var segment = registryRow.RowKey;
        try
        {
            var table = SegmentTable(registryRow);
            if (!ReferenceEquals(table, _table))
            {
                try
                {
                    await table.DeleteAsync().ConfigureAwait(false);
                }
                catch (RequestFailedException e) when (e.Status == 404)
                {
                    // Never created (a crash after registering), or deleted before a crash: nothing to drop.
                }
            }
            else
            {
                var keys = new List<string>();
                await foreach (var row in _table.QueryAsync<TableEntity>(TableClient.CreateQueryFilter($"PartitionKey eq {segment}"), select: ["RowKey"]).ConfigureAwait(false))
                {
                    keys.Add(row.RowKey);
                }

                foreach (var chunk in keys.Chunk(100))
                {
                    await _table.SubmitTransactionAsync(chunk.Select(k => new TableTransactionAction(TableTransactionActionType.Delete, new TableEntity(segment, k), ETag.All))).ConfigureAwait(false);
                }
            }

            await _table.DeleteEntityAsync(_registry, segment, ETag.All).ConfigureAwait(false);
        }
        catch (Exception e) when (IsTransient(e) || e is TableTransactionFailedException)
        {
            LogDeleteFailed(_logger, e, segment);
        }
    }

    [LoggerMessage(LogLevel.Warning, "Deleting flushed journal segment {Segment} failed; retried when the journal next opens.")]
    private static partial void LogDeleteFailed(ILogger logger, Exception exception, string segment);
}
