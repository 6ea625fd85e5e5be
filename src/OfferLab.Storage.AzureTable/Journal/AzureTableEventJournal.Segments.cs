using Azure;
using Azure.Data.Tables;
using Microsoft.Extensions.Logging;

namespace OfferLab.Storage.AzureTable.Journal;

public sealed partial class AzureTableEventJournal
{
    private const string FlushedProperty = "Flushed";

    /// <summary>The registry row's name of the segment's table; absent for a segment of the earlier one-table layout.</summary>
    private const string TableProperty = "Table";

    /// <summary>
    /// Opens a fresh segment and makes it current, closing the old one; with <paramref name="expected"/>, only if
    /// that is still the current segment. Returns the closed segment, or null if nothing was closed.
    /// </summary>
    private async Task<OpenSegment?> CloseCurrentAsync(OpenSegment? expected, CancellationToken cancellationToken)
    {
        await _rotating.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var old = Volatile.Read(ref _current)!;
            if (expected is not null && !ReferenceEquals(old, expected))
            {
                return null;
            }

            var next = await RegisterSegmentAsync(cancellationToken).ConfigureAwait(false);
            lock (_gate)
            {
                Volatile.Write(ref _current, next);
                old.Close();
            }

            ArmAgeTimer(next);
            return old;
        }
        finally
        {
            _rotating.Release();
        }
    }

    private async Task CloseAutomaticallyAsync(OpenSegment segment)
    {
        if (await CloseCurrentAsync(segment, CancellationToken.None).ConfigureAwait(false) is { } closed)
        {
            Task notification;
            lock (_gate)
            {
                // Chained, so segments are announced in the order they were closed.
                notification = _lastNotification = NotifyClosedAsync(closed, _lastNotification);
            }

            Track(notification);
        }
    }

    private async Task NotifyClosedAsync(OpenSegment closed, Task previous)
    {
        await previous.ConfigureAwait(false);
        await closed.Drained.Task.ConfigureAwait(false);
        foreach (var handler in SegmentClosed?.GetInvocationList().Cast<Func<string, Task>>() ?? [])
        {
            try
            {
                await handler(closed.Name).ConfigureAwait(false);
            }
            catch (Exception e) when (e is not OutOfMemoryException)
            {
                LogHandlerFailed(_logger, e, closed.Name);
            }
        }
    }

    private void ArmAgeTimer(OpenSegment segment)
    {
        var due = segment.Opened + _options.SegmentMaxAge - _time.GetUtcNow();
        _ageTimer?.Change(due > TimeSpan.Zero ? due : TimeSpan.Zero, Timeout.InfiniteTimeSpan);
    }

    private void OnAgeTick()
    {
        var segment = Volatile.Read(ref _current);
        if (segment is null)
        {
            return;
        }

        long assigned;
        lock (_gate)
        {
            assigned = segment.Assigned;
        }

        // An empty segment stays open: closing it would only pile up empty segments to flush. The clock is read once:
        // read again for the due time, a thread suspended in between (a garbage collection) could find the segment's
        // age already past, and a negative due time makes the timer throw on its own thread, which ends the process.
        var age = _time.GetUtcNow() - segment.Opened;
        if (assigned == 0 || age < _options.SegmentMaxAge)
        {
            _ageTimer?.Change(assigned == 0 ? _options.SegmentMaxAge : _options.SegmentMaxAge - age, Timeout.InfiniteTimeSpan);
            return;
        }

        Track(CloseByAgeAsync(segment));
    }

    private async Task CloseByAgeAsync(OpenSegment segment)
    {
        try
        {
            await CloseAutomaticallyAsync(segment).ConfigureAwait(false);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            LogCloseFailed(_logger, e, segment.Name);
            _ageTimer?.Change(_options.SegmentMaxAge, Timeout.InfiniteTimeSpan);
        }
    }

    /// <summary>
    /// Registers a new segment (an insert, so a name clash fails instead of reusing a segment), then creates its table.
    /// The row comes first: a crash in between leaves a registered segment without a table, which reads as empty and
    /// is dropped when flushed, never a table nobody knows of. A table name already taken (by a journal whose id hashes
    /// alike, or one being deleted) unregisters the row and tries a fresh name.
    /// </summary>
    private async Task<OpenSegment> RegisterSegmentAsync(CancellationToken cancellationToken)
    {
        for (var attempt = 1; ; attempt++)
        {
            var now = _time.GetUtcNow();
            // Names must sort in opening order even if the clock stands still or steps back.
            var ticks = Math.Max(now.UtcTicks, Interlocked.Read(ref _lastTicks) + 1);
            Interlocked.Exchange(ref _lastTicks, ticks);
            var random = Random.Shared.Next(0x10000);
            var name = JournalKeys.SegmentName(_options.JournalId, ticks, random);
            var tableName = JournalKeys.SegmentTableName(_options.TableName, _options.JournalId, ticks, random);
            await _table.AddEntityAsync(new TableEntity(_registry, name) { [FlushedProperty] = false, [TableProperty] = tableName }, cancellationToken).ConfigureAwait(false);
            var table = _service.GetTableClient(tableName);
            try
            {
                await table.CreateAsync(cancellationToken).ConfigureAwait(false);
                return new OpenSegment(name, table, now);
            }
            catch (RequestFailedException e) when (e.Status == 409 && attempt < 3)
            {
                await _table.DeleteEntityAsync(_registry, name, ETag.All, cancellationToken).ConfigureAwait(false);
            }
        }
    }

    /// <summary>Finds the newest segment name ever registered (so new names sort after it) and retries deleting flushed segments.</summary>
    private async Task ScanRegistryAsync(CancellationToken cancellationToken)
    {
        var flushed = new List<TableEntity>();
        await foreach (var row in _table.QueryAsync<TableEntity>(RegistryFilter(), select: ["RowKey", FlushedProperty, TableProperty], cancellationToken: cancellationToken).ConfigureAwait(false))
        {
            _lastTicks = Math.Max(_lastTicks, JournalKeys.TicksOf(row.RowKey) ?? 0);
            if (row.GetBoolean(FlushedProperty) == true)
            {
                flushed.Add(row);
            }
        }

        if (_options.DeleteFlushedSegments && flushed.Count > 0)
        {
            Track(Task.Run(async () =>
            {
                foreach (var row in flushed)
                {
                    await DeleteSegmentAsync(row).ConfigureAwait(false);
                }
            }, CancellationToken.None));
        }
    }

    private string RegistryFilter() => TableClient.CreateQueryFilter($"PartitionKey eq {_registry}");

    private static bool IsTransient(Exception e) => e is RequestFailedException or HttpRequestException or TimeoutException or AggregateException;

    [LoggerMessage(LogLevel.Warning, "Closing journal segment {Segment} by age failed; retried after another SegmentMaxAge.")]
    private static partial void LogCloseFailed(ILogger logger, Exception exception, string segment);

    [LoggerMessage(LogLevel.Error, "A SegmentClosed handler failed for journal segment {Segment}.")]
    private static partial void LogHandlerFailed(ILogger logger, Exception exception, string segment);
}
