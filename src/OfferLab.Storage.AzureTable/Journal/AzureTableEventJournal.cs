using System.Diagnostics;
using System.Diagnostics.Metrics;
using System.Threading.Channels;
using Azure;
using Azure.Data.Tables;
using Microsoft.Extensions.Logging;

namespace OfferLab.Storage.AzureTable.Journal;

/// <summary>
/// <see cref="IEventJournal"/> over Azure Table storage. A segment is a table of its own (one partition, so one
/// transaction can hold a whole batch of its entries); row keys are zero-padded sequence numbers; a registry partition
/// per journal, in the journal's table, holds one row per segment with its table's name and a Flushed flag, written
/// before the segment's first append is acknowledged. A flushed segment goes with one table deletion: deleting its
/// rows one by one cost ~60 delete transactions per segment under load, and a burst of collections in the server.
/// Segments of the earlier layout (rows in a partition of the journal's table, no table name in the registry row)
/// are still read and deleted.
/// </summary>
/// <remarks>
/// Appends queue in a channel. One dispatcher takes whatever is queued (up to a batch, one segment, under 4 MiB),
/// numbers it in arrival order and starts its transaction; up to <see cref="JournalOptions.MaxConcurrentBatches"/>
/// transactions run at once. Under light load an append costs one round trip; under load the queue fills while
/// transactions are in flight, and batches grow. A failed transaction fails exactly its own appends.
/// A transaction's entries are packed into as few binary entities as fit (<see cref="JournalPacks"/>), each under
/// 960 KiB (limit 1 MiB); a transaction of one pack is sent as a plain insert.
/// </remarks>
public sealed partial class AzureTableEventJournal : IEventJournal, IAsyncDisposable
{
    private readonly JournalOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger<AzureTableEventJournal> _logger;
    private readonly TableServiceClient _service;
    private readonly TableClient _table;
    private readonly string _registry;
    private readonly Channel<Pending> _queue = Channel.CreateUnbounded<Pending>(new UnboundedChannelOptions { SingleReader = true });
    private readonly Lock _gate = new();
    private readonly SemaphoreSlim _initializing = new(1, 1);
    private readonly SemaphoreSlim _rotating = new(1, 1);
    private readonly SemaphoreSlim _slots;
    private readonly HashSet<Task> _background = [];

    // Cancelled on disposal, to end a batch delay at once (never disposed: no timer hangs on it, and a second
    // DisposeAsync may cancel it again).
    private readonly CancellationTokenSource _stopping = new();
    private OpenSegment? _current;
    private Task? _dispatcher;
    private ITimer? _ageTimer;
    private Task _lastNotification = Task.CompletedTask;
    private long _lastTicks;
    private long _transactions;
    private long _entries;
    private long _failedTransactions;
    private volatile bool _disposed;

    /// <summary>
    /// The journal's counters for operators (meter <c>OfferLab.Journal</c>, tagged <c>offerlab.journal.id</c>): entries
    /// per transaction is how well group commit works, and storage's cost is per transaction far more than per entry.
    /// </summary>
    private readonly Meter _meter;

    /// <summary>From an append to its acknowledgement: the durable share of a request's latency (batch wait included).</summary>
    private readonly Histogram<double> _appendDuration;

    /// <summary>One transaction's round trip to storage.</summary>
    private readonly Histogram<double> _transactionDuration;

    private readonly LatencyHistogram _appendLatency = new();
    private readonly LatencyHistogram _transactionLatency = new();

    public AzureTableEventJournal(JournalOptions options, TimeProvider time, ILogger<AzureTableEventJournal> logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(time);
        ArgumentNullException.ThrowIfNull(logger);
        var errors = JournalOptionsValidator.Errors(options).ToList();
        if (errors.Count > 0)
        {
            throw new ArgumentException("Invalid journal options: " + string.Join(" ", errors), nameof(options));
        }

        _options = options;
        _time = time;
        _logger = logger;
        _service = new TableServiceClient(options.ConnectionString, options.ClientOptions);
        _table = _service.GetTableClient(options.TableName);
        _registry = JournalKeys.RegistryPartition(options.JournalId);
        _slots = new SemaphoreSlim(options.MaxConcurrentBatches, options.MaxConcurrentBatches);
        _meter = new Meter(new MeterOptions("OfferLab.Journal") { Tags = [new("offerlab.journal.id", options.JournalId)] });
        _meter.CreateObservableCounter("offerlab.journal.transactions", () => Interlocked.Read(ref _transactions), "{transaction}", "Journal transactions stored.");
        _meter.CreateObservableCounter("offerlab.journal.entries", () => Interlocked.Read(ref _entries), "{entry}", "Journal entries stored.");
        _appendDuration = _meter.CreateHistogram<double>("offerlab.journal.append.duration", "s", "From an append to its acknowledgement (queue, batch delay and storage).");
        _transactionDuration = _meter.CreateHistogram<double>("offerlab.journal.transaction.duration", "s", "One journal transaction's round trip to storage.");
        _meter.CreateObservableCounter("offerlab.journal.failed_transactions", () => Interlocked.Read(ref _failedTransactions), "{transaction}", "Journal transactions that failed (their appends were not acknowledged).");
    }

    public event Func<string, Task>? SegmentClosed;

    public string CurrentSegment => Volatile.Read(ref _current)?.Name
        ?? throw new InvalidOperationException("The journal is not initialized yet.");

    public bool IsReady => Volatile.Read(ref _current) is not null;

    public JournalLatency Latency => new(_appendLatency.Read(), _transactionLatency.Read());

    public JournalStatistics Statistics => new(
        Interlocked.Read(ref _transactions), Interlocked.Read(ref _entries), Interlocked.Read(ref _failedTransactions));

    /// <summary>Creates the table and opens a fresh segment; idempotent. Appends call it if nothing did before.</summary>
    public async Task InitializeAsync(CancellationToken cancellationToken)
    {
        await _initializing.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            if (IsReady)
            {
                return;
            }

            await _table.CreateIfNotExistsAsync(cancellationToken).ConfigureAwait(false);
            await ScanRegistryAsync(cancellationToken).ConfigureAwait(false);
            var segment = await RegisterSegmentAsync(cancellationToken).ConfigureAwait(false);
            _ageTimer = _time.CreateTimer(_ => OnAgeTick(), null, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
            Volatile.Write(ref _current, segment);
            ArmAgeTimer(segment);
            _dispatcher = Task.Run(DispatchAsync, CancellationToken.None);
        }
        finally
        {
            _initializing.Release();
        }
    }

    public Task<JournalPosition> AppendAsync(JournalEntry entry, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(entry);
        ArgumentNullException.ThrowIfNull(entry.StreamId, nameof(entry));
        if (entry.Utf8Payload is null)
        {
            ArgumentNullException.ThrowIfNull(entry.Payload, nameof(entry));
        }

        if (!entry.PayloadWithin(JournalKeys.MaxPayloadChars, out var size))
        {
            throw new ArgumentException(
                entry.Utf8Payload is null
                    ? $"A journal payload holds at most {JournalKeys.MaxPayloadChars} characters; this one has {size}."
                    : $"A journal payload given as UTF-8 holds at most {3L * JournalKeys.MaxPayloadChars} bytes; this one has {size}.",
                nameof(entry));
        }

        if (entry.StreamId.Length > JournalKeys.MaxStreamIdChars)
        {
            throw new ArgumentException($"A journal stream id holds at most {JournalKeys.MaxStreamIdChars} characters; this one has {entry.StreamId.Length}.", nameof(entry));
        }

        return IsReady ? Enqueue(entry, cancellationToken) : InitializeThenAppendAsync(entry, cancellationToken);
    }

    public async Task<string> RotateAsync(CancellationToken cancellationToken = default)
    {
        if (!IsReady)
        {
            throw new InvalidOperationException("The journal is not initialized yet.");
        }

        var closed = await CloseCurrentAsync(expected: null, cancellationToken).ConfigureAwait(false);
        await closed!.Drained.Task.WaitAsync(cancellationToken).ConfigureAwait(false);
        return closed.Name;
    }

    /// <summary>Stops accepting appends, stores what was already accepted, and waits for in-flight transactions and close notifications.</summary>
    public async ValueTask DisposeAsync()
    {
        _disposed = true;
        _queue.Writer.TryComplete();
        await _stopping.CancelAsync().ConfigureAwait(false);
        if (_ageTimer is not null)
        {
            await _ageTimer.DisposeAsync().ConfigureAwait(false);
        }

        if (_dispatcher is not null)
        {
            await _dispatcher.ConfigureAwait(false);
        }

        Task[] background;
        lock (_gate)
        {
            background = [.. _background];
        }

        await Task.WhenAll(background).ConfigureAwait(false);
        _meter.Dispose();
    }

    private async Task<JournalPosition> InitializeThenAppendAsync(JournalEntry entry, CancellationToken cancellationToken)
    {
        try
        {
            await InitializeAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is RequestFailedException or HttpRequestException or TimeoutException or AggregateException)
        {
            throw new JournalUnavailableException("The journal could not be opened: its storage did not answer.", e);
        }

        return await Enqueue(entry, cancellationToken).ConfigureAwait(false);
    }

    private Task<JournalPosition> Enqueue(JournalEntry entry, CancellationToken cancellationToken)
    {
        var pending = new Pending(entry, JournalKeys.EstimatedBytes(entry));
        ObjectDisposedException.ThrowIf(!_queue.Writer.TryWrite(pending), this);
        // Without a token, the caller gets the very task the writer completes, so it is done the moment the entry is.
        return cancellationToken.CanBeCanceled ? pending.Stored.Task.WaitAsync(cancellationToken) : pending.Stored.Task;
    }

    private void Track(Task task)
    {
        lock (_gate)
        {
            _background.Add(task);
        }

        _ = task.ContinueWith(
            t =>
            {
                lock (_gate)
                {
                    _background.Remove(t);
                }
            },
            CancellationToken.None,
            TaskContinuationOptions.ExecuteSynchronously,
            TaskScheduler.Default);
    }

    private sealed record Pending(JournalEntry Entry, long EstimatedBytes)
    {
        public long Enqueued { get; } = Stopwatch.GetTimestamp();

        public TaskCompletionSource<JournalPosition> Stored { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }
}
