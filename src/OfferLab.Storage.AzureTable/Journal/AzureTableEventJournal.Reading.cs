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
        var rows = _table.QueryAsync<TableEntity>(TableClient.CreateQueryFilter($"PartitionKey eq {segment}"), cancellationToken: cancellationToken);
        await foreach (var row in rows.ConfigureAwait(false))
        {
            foreach (var record in JournalPacks.Unpack(row))
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

        // An update, not an upsert: marking a segment this journal never registered is a caller's mistake (404).
        await _table.UpdateEntityAsync(new TableEntity(_registry, segment) { [FlushedProperty] = true }, ETag.All, TableUpdateMode.Merge, cancellationToken).ConfigureAwait(false);
        if (_options.DeleteFlushedSegments)
        {
            await DeleteSegmentAsync(segment).ConfigureAwait(false);
        }
    }

    /// <summary>
    /// Best effort: deletes a flushed segment's entries in batches, then its registry row. What fails stays marked
    /// flushed and is retried when a journal with this id next opens; it only takes space meanwhile.
    /// </summary>
    private async Task DeleteSegmentAsync(string segment)
    {
        try
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
