using System.Globalization;
using System.Runtime.CompilerServices;
using System.Threading.Channels;
using Azure;
using Azure.Data.Tables;
using Microsoft.Extensions.Logging;

namespace OfferLab.Storage.AzureTable.EventJournal;

/// <summary>
/// <see cref="IEventJournal"/> over Azure Table storage. A segment is a partition (so one transaction can hold
/// up to 100 of its entries); row keys are zero-padded sequence numbers; a registry partition lists the
/// segments with their flushed flag. Up to <see cref="JournalOptions.MaxConcurrentBatches"/> writers each take
/// whatever is queued (up to a full batch) and write it in one transaction: under light load an append costs
/// one round trip, under heavy load batches fill up. A failed transaction fails exactly the appends in it.
/// </summary>
public sealed partial class TableEventJournal : IEventJournal, IAsyncDisposable
{
    private const int MaxPayloadChars = 32 * 1024;
    private readonly JournalOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger<TableEventJournal> _logger;
    private readonly TableClient _table;
    private readonly Channel<Pending> _queue = Channel.CreateUnbounded<Pending>(new UnboundedChannelOptions { SingleReader = false });
    private readonly Lock _gate = new();
    private readonly Dictionary<string, int> _inFlight = new(StringComparer.Ordinal);
    private readonly Dictionary<string, TaskCompletionSource> _drained = new(StringComparer.Ordinal);
    private readonly SemaphoreSlim _rotating = new(1, 1);
    private readonly List<Task> _writers = [];
    private ITimer? _ageTimer;
    private string _segment = "";
    private long _next;
    private long _transactions;
    private long _entries;

    public TableEventJournal(JournalOptions options, TimeProvider time, ILogger<TableEventJournal> logger)
    {
        _options = options;
        _time = time;
        _logger = logger;
        _table = new TableClient(options.ConnectionString, options.TableName);
    }

    public event Func<string, Task>? SegmentClosed;

    public string CurrentSegment => _segment;

    /// <summary>True once the table exists and a segment is open; appends fail before.</summary>
    public bool IsReady { get; private set; }

    public JournalStatistics Statistics => new(Interlocked.Read(ref _transactions), Interlocked.Read(ref _entries));

    private string RegistryPartition => "segments|" + _options.JournalId;

    /// <summary>Creates the table, opens a fresh segment and starts the writers and the segment clock.</summary>
    public async Task InitializeAsync(CancellationToken cancellationToken)
    {
        await _table.CreateIfNotExistsAsync(cancellationToken);
        _segment = await OpenSegmentAsync(cancellationToken);
        for (var i = 0; i < _options.MaxConcurrentBatches; i++)
        {
            _writers.Add(Task.Run(WriteLoopAsync, CancellationToken.None));
        }

        _ageTimer = _time.CreateTimer(_ => _ = RotateByAgeAsync(), null, _options.SegmentMaxAge, _options.SegmentMaxAge);
        IsReady = true;
    }

    public Task<JournalPosition> AppendAsync(JournalEntry entry, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(entry);
        if (!IsReady)
        {
            throw new JournalUnavailableException("The journal is not open yet: its storage has not answered.");
        }

        if (entry.Payload.Length > MaxPayloadChars || entry.StreamId.Length > MaxPayloadChars)
        {
            throw new ArgumentException($"A journal entry holds at most {MaxPayloadChars} characters of payload and of stream id.", nameof(entry));
        }

        var pending = new Pending(entry, new TaskCompletionSource<JournalPosition>(TaskCreationOptions.RunContinuationsAsynchronously));
        ObjectDisposedException.ThrowIf(!_queue.Writer.TryWrite(pending), this);

        return pending.Stored.Task.WaitAsync(cancellationToken);
    }

    public async Task<string> RotateAsync(CancellationToken cancellationToken = default)
    {
        await _rotating.WaitAsync(cancellationToken);
        try
        {
            var next = await OpenSegmentAsync(cancellationToken);
            Task drained;
            string closed;
            lock (_gate)
            {
                closed = _segment;
                _segment = next;
                _next = 0;
                drained = _inFlight.GetValueOrDefault(closed) == 0
                    ? Task.CompletedTask
                    : (_drained[closed] = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously)).Task;
            }

            await drained.WaitAsync(cancellationToken);
            return closed;
        }
        finally
        {
            _rotating.Release();
        }
    }

    public async Task<IReadOnlyList<string>> ListUnflushedSegmentsAsync(CancellationToken cancellationToken = default)
    {
        var segments = new List<string>();
        await foreach (var row in _table.QueryAsync<TableEntity>(e => e.PartitionKey == RegistryPartition, cancellationToken: cancellationToken))
        {
            if (row.GetBoolean("Flushed") != true)
            {
                segments.Add(row.RowKey);
            }
        }

        segments.Sort(StringComparer.Ordinal);
        return segments;
    }

    public async IAsyncEnumerable<JournalRecord> ReadAsync(string segment, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        await foreach (var row in _table.QueryAsync<TableEntity>(e => e.PartitionKey == segment, cancellationToken: cancellationToken))
        {
            yield return new JournalRecord(
                new JournalPosition(segment, long.Parse(row.RowKey, CultureInfo.InvariantCulture)), row.GetString("StreamId"), row.GetString("Payload"));
        }
    }

    public async Task MarkFlushedAsync(string segment, CancellationToken cancellationToken = default)
    {
        await _table.UpsertEntityAsync(new TableEntity(RegistryPartition, segment) { ["Flushed"] = true }, TableUpdateMode.Merge, cancellationToken);
        _ = DeleteEntriesAsync(segment);
    }

    public async ValueTask DisposeAsync()
    {
        _ageTimer?.Dispose();
        _queue.Writer.TryComplete();
        await Task.WhenAll(_writers);
    }

    private async Task<string> OpenSegmentAsync(CancellationToken cancellationToken)
    {
        // Names sort in opening order and never repeat, across restarts of the same journal id.
        var name = $"{_options.JournalId}-{_time.GetUtcNow().UtcTicks:D19}-{Random.Shared.Next(0x10000):x4}";
        await _table.UpsertEntityAsync(new TableEntity(RegistryPartition, name) { ["Flushed"] = false }, TableUpdateMode.Replace, cancellationToken);
        return name;
    }

    private async Task RotateByAgeAsync()
    {
        try
        {
            var closed = await RotateAsync();
            if (SegmentClosed is { } handlers)
            {
                foreach (var handler in handlers.GetInvocationList().Cast<Func<string, Task>>())
                {
                    await handler(closed);
                }
            }
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            LogRotateFailed(_logger, ex);
        }
    }

    private async Task WriteLoopAsync()
    {
        var batch = new List<Pending>(_options.MaxBatchSize);
        while (await _queue.Reader.WaitToReadAsync())
        {
            batch.Clear();
            while (batch.Count < _options.MaxBatchSize && _queue.Reader.TryRead(out var pending))
            {
                batch.Add(pending);
            }

            if (batch.Count > 0)
            {
                await WriteAsync(batch);
            }
        }
    }

    private async Task WriteAsync(List<Pending> batch)
    {
        string segment;
        long first;
        lock (_gate)
        {
            segment = _segment;
            first = _next;
            _next += batch.Count;
            _inFlight[segment] = _inFlight.GetValueOrDefault(segment) + 1;
        }

        try
        {
            var actions = batch.Select((p, i) => new TableTransactionAction(TableTransactionActionType.Add, new TableEntity(segment, (first + i).ToString("D19", CultureInfo.InvariantCulture))
            {
                ["StreamId"] = p.Entry.StreamId,
                ["Payload"] = p.Entry.Payload,
            })).ToList();
            await _table.SubmitTransactionAsync(actions);
            Interlocked.Increment(ref _transactions);
            Interlocked.Add(ref _entries, batch.Count);
            for (var i = 0; i < batch.Count; i++)
            {
                batch[i].Stored.TrySetResult(new JournalPosition(segment, first + i));
            }
        }
        catch (Exception ex) when (ex is RequestFailedException or TableTransactionFailedException or HttpRequestException or OperationCanceledException or AggregateException)
        {
            LogWriteFailed(_logger, ex, batch.Count, segment);
            foreach (var pending in batch)
            {
                pending.Stored.TrySetException(new JournalUnavailableException($"The journal could not store {batch.Count} entries in segment {segment}.", ex));
            }
        }
        finally
        {
            lock (_gate)
            {
                var left = _inFlight[segment] - 1;
                if (left == 0)
                {
                    _inFlight.Remove(segment);
                    if (_drained.Remove(segment, out var drained))
                    {
                        drained.TrySetResult();
                    }
                }
                else
                {
                    _inFlight[segment] = left;
                }
            }
        }
    }

    /// <summary>Best effort: a flushed segment's entries are no longer needed; what fails to delete is only space.</summary>
    private async Task DeleteEntriesAsync(string segment)
    {
        try
        {
            var keys = new List<string>();
            await foreach (var row in _table.QueryAsync<TableEntity>(e => e.PartitionKey == segment, select: ["RowKey"]))
            {
                keys.Add(row.RowKey);
            }

            foreach (var chunk in keys.Chunk(100))
            {
                await _table.SubmitTransactionAsync(chunk.Select(k => new TableTransactionAction(TableTransactionActionType.Delete, new TableEntity(segment, k), ETag.All)));
            }
        }
        catch (Exception ex) when (ex is RequestFailedException or TableTransactionFailedException or HttpRequestException)
        {
            LogDeleteFailed(_logger, ex, segment);
        }
    }

    [LoggerMessage(LogLevel.Error, "The journal could not store {Count} entries in segment {Segment}; their appends fail.")]
    private static partial void LogWriteFailed(ILogger logger, Exception exception, int count, string segment);

    [LoggerMessage(LogLevel.Warning, "Closing the journal segment by age failed; it is retried at the next tick.")]
    private static partial void LogRotateFailed(ILogger logger, Exception exception);

    [LoggerMessage(LogLevel.Warning, "Deleting the entries of flushed segment {Segment} failed; they only take space.")]
    private static partial void LogDeleteFailed(ILogger logger, Exception exception, string segment);

    private sealed record Pending(JournalEntry Entry, TaskCompletionSource<JournalPosition> Stored);
}
