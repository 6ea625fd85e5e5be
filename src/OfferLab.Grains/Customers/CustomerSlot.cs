using OfferLab.Abstractions.Assignment;
using OfferLab.Storage.AzureTable.Packs;

namespace OfferLab.Grains.Customers;

/// <summary>
/// One customer held by its shard (<see cref="CustomerShardGrain"/>): its state as read from and written to the customer
/// storage (this is the <see cref="IGrainState{T}"/> the storage fills), and the bookkeeping the shard needs to run the
/// customer's requests one at a time, to write it beside them and to release it when idle. Touched only on its
/// shard's activation, whose turns never run in parallel, so nothing here is locked.
/// </summary>
internal sealed class CustomerSlot(string id) : IGrainState<CustomerState>
{
    private bool _held;
    private Queue<TaskCompletionSource>? _waiting;
    private TaskCompletionSource? _applied;
    private string? _etag;
    private long _etagPack = -1;

    public string Id { get; } = id;

    /// <summary>The customer's state; null until <see cref="Loaded"/> (a read of a missing record gives a new state).</summary>
    [System.Diagnostics.CodeAnalysis.AllowNull]
    public CustomerState State { get; set; } = null!;

    /// <summary>
    /// The stored state's ETag. One of the packed layout's (<see cref="PackETag"/>) is held as its number: a checkpoint
    /// sets the ETag of every customer it writes, and a new string stored into each of hundreds of thousands of
    /// long-lived slots is as many cards for the collector to scan until the string grows old.
    /// </summary>
    public string? ETag
    {
        get => _etag ?? (_etagPack >= 0 ? PackETag.Format(_etagPack) : null);
        set
        {
            if (PackETag.TryParse(value, out var sequence))
            {
                (_etag, _etagPack) = (null, sequence);
            }
            else
            {
                (_etag, _etagPack) = (value, -1);
            }
        }
    }

    public bool RecordExists { get; set; }

    /// <summary>Whether the state was read from storage (and the journal's records it lacked replayed onto it).</summary>
    public bool Loaded { get; set; }

    /// <summary>
    /// Whether the shard let this customer go (released, or dropped after a failed read or a conflicting write). A
    /// request that waited for it finds it gone and takes the customer's new slot.
    /// </summary>
    public bool Gone { get; set; }

    /// <summary>Whether a release holds the customer (writing its state): a checkpoint waits for it rather than write beside it.</summary>
    public bool Releasing { get; set; }

    /// <summary>State changes not yet written.</summary>
    public bool Dirty { get; set; }

    /// <summary>Every change counts here, so that a write can tell whether the state changed while it was in flight.</summary>
    public long Changes { get; set; }

    /// <summary>Checkpoint writes in flight: a customer is not released while one is.</summary>
    public int Persisting { get; set; }

    /// <summary><see cref="Environment.TickCount64"/> at the customer's last request, for the idle release.</summary>
    public long LastUsed { get; set; } = Environment.TickCount64;

    /// <summary>Journal appends in flight, whose records the state has not applied yet.</summary>
    public int Appending { get; private set; }

    /// <summary>Whether a request (or a release) holds the customer.</summary>
    public bool Held => _held;

    /// <summary>
    /// Takes the customer for one request: at once when free, else after the requests before it, in order. Ownership
    /// passes straight from one holder to the next, so no request can slip in between.
    /// </summary>
    public Task EnterAsync()
    {
        if (!_held)
        {
            _held = true;
            return Task.CompletedTask;
        }

        // Continuations run on the shard's scheduler (captured by the awaiting grain code), not inline in Exit.
        var turn = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        (_waiting ??= new()).Enqueue(turn);
        return turn.Task;
    }

    /// <summary>Hands the customer to the next request waiting, or frees it.</summary>
    public void Exit()
    {
        if (_waiting is { } waiting && waiting.TryDequeue(out var next))
        {
            if (waiting.Count == 0)
            {
                _waiting = null;
            }

            next.SetResult();
            return;
        }

        _held = false;
    }

    public void AppendStarted() => Appending++;

    public void AppendFinished()
    {
        if (--Appending == 0 && _applied is { } applied)
        {
            _applied = null;
            applied.SetResult();
        }
    }

    /// <summary>Completes once no journal append of this customer is in flight.</summary>
    public async Task AppliedAsync()
    {
        while (Appending > 0)
        {
            _applied ??= new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            await _applied.Task;
        }
    }
}
