using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using System.Buffers;
using System.Buffers.Text;
using System.Collections.Immutable;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using OfferLab.Abstractions.Assignment;
using OfferLab.Core.Allocation;
using OfferLab.Grains.Counting;
using OfferLab.Storage.AzureTable;
using OfferLab.Storage.AzureTable.Journal;
using Orleans.Concurrency;
using Orleans.Configuration;
using Orleans.Runtime;
using Orleans.Storage;

namespace OfferLab.Grains.Customers;

/// <summary>
/// A shard of customers (<see cref="CustomerShards"/> says which). Every exposure and outcome it acknowledges is in the
/// journal first (group commit); a customer's own state is written when the journal segment closes, and rebuilt from
/// the journal after a crash.
/// <para>
/// Customers share an activation rather than having one each: an Orleans activation costs about 2.3 KB of live heap
/// that survives with the customer (its activation data, message loop, work item group, locks, dependency-injection
/// scope, catalog, directory and collector entries), several times the customer's own state, and every new customer's
/// activation was garbage for the collector to promote. Here a customer costs its state and a <see cref="CustomerSlot"/>.
/// The shard does what Orleans did per customer: one request of a customer at a time, in order (the slot's turn),
/// different customers interleaving (the grain is reentrant); a customer read from storage on its first request; a
/// customer left idle for the collection age released with its state written.
/// </para>
/// </summary>
[Reentrant]
public sealed partial class CustomerShardGrain(
    [FromKeyedServices(GrainStorage.Customers)] IGrainStorage storage,
    OfferJournal journal,
    [FromKeyedServices(GrainClock.Key)] TimeProvider time,
    IOptions<GrainCollectionOptions> collection,
    ILogger<CustomerShardGrain> logger) : Grain, ICustomerShardGrain
{
    /// <summary>The name of a customer's record in the customer storage.</summary>
    public const string StateName = "customer";

    /// <summary>Sticky sessions per experiment kept without looking at their age.</summary>
    public const int SessionsKept = 32;

    /// <summary>How long a session keeps its variant once more than <see cref="SessionsKept"/> are remembered.</summary>
    public static readonly TimeSpan SessionLifetime = TimeSpan.FromHours(24);

    /// <summary>
    /// The grain type a customer's stored record is keyed under: the one Orleans gave the per-customer grain this
    /// shard replaced, so states stored by earlier versions read unchanged.
    /// </summary>
    private static readonly GrainType CustomerType = GrainType.Create("customer");

    private readonly Dictionary<string, CustomerSlot> _customers = new(StringComparer.Ordinal);

    /// <summary>
    /// Checkpoint writes in flight, by customer (few at a time, so kept here rather than in every slot). A customer is
    /// written by one at a time: two checkpoints (two segments' closing, a retry beside a new one) that wrote it at
    /// once would both send the ETag read last, and the storage would refuse the second as a conflicting writer.
    /// </summary>
    private readonly Dictionary<CustomerSlot, Task> _writing = new(ReferenceEqualityComparer.Instance);
    private long _idleMilliseconds;

    /// <summary>The id a customer's state is stored under (grain type <c>customer</c>, key the customer id).</summary>
    public static GrainId StorageId(string customerId) => GrainId.Create(CustomerType, IdSpan.Create(customerId));

    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        // With a bucket or more per shard (a cluster's layout) this shard is its buckets' only writer, and it may have
        // lived on another node since this node last listed them: they are listed again before any customer is read.
        // With fewer buckets than shards (one node) two shards share a bucket and this node is its only writer anyway.
        if (storage is AzureTableGrainStorage { Buckets: > 0 } table)
        {
            foreach (var bucket in CustomerShards.BucketsOwnedBy((int)this.GetPrimaryKeyLong(), table.Buckets))
            {
                table.RefreshBucket(bucket);
            }
        }

        // The idle timeout of customers is the shard's own collection age (Assignment:CustomerIdleTimeout in the server):
        // a shard with no request for that long has only idle customers, and its deactivation releases them all.
        var options = collection.Value;
        var idle = options.ClassSpecificCollectionAge.TryGetValue(GetType().FullName!, out var age) ? age : options.CollectionAge;
        _idleMilliseconds = (long)idle.TotalMilliseconds;
        var every = idle / 2 < TimeSpan.FromMinutes(1) ? idle / 2 : TimeSpan.FromMinutes(1);
        this.RegisterGrainTimer(ReleaseIdleAsync, new GrainTimerCreationOptions(every, every) { Interleave = true, KeepAlive = false });
        return Task.CompletedTask;
    }

    public override async Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken)
    {
        // Orleans deactivates a shard only when no request of it is running: every customer is free to go.
        if (_customers.Count > 0)
        {
            await Task.WhenAll(_customers.Values.ToList().Select(customer => ReleaseAsync(customer, idleOnly: false)));
        }
    }

    public async Task<ImmutableArray<AssignDecision>> AssignAsync(string customerId, string sessionId, ImmutableArray<AssignPlan> plans)
    {
        var customer = await EnterAsync(customerId);
        try
        {
            var decisions = ImmutableArray.CreateBuilder<AssignDecision>(plans.Length);
            foreach (var plan in plans)
            {
                decisions.Add(await AssignAsync(customer, sessionId, plan));
            }

            return decisions.MoveToImmutable();
        }
        finally
        {
            customer.Exit();
        }
    }

    public async Task<OutcomeStatus> RecordOutcomeAsync(string customerId, OutcomeCommand outcome)
    {
        var customer = await EnterAsync(customerId);
        try
        {
            return await RecordOutcomeAsync(customer, outcome);
        }
        finally
        {
            customer.Exit();
        }
    }

    public async Task<ImmutableArray<string>> PersistAsync(ImmutableArray<string> customerIds, ImmutableArray<long> lastSequences, string flushedSegment)
    {
        if (lastSequences.Length != customerIds.Length)
        {
            throw new ArgumentException("One last sequence per customer.", nameof(lastSequences));
        }

        // Each write's synchronous part (serializing, queueing in its storage bucket) runs in this turn, so a chunk's
        // writes reach the bucket together and share its transactions.
        var writes = new Task<bool>[customerIds.Length];
        for (var i = 0; i < writes.Length; i++)
        {
            writes[i] = PersistAsync(customerIds[i], new JournalPosition(flushedSegment, lastSequences[i]));
        }

        var held = await Task.WhenAll(writes);
        var lacking = ImmutableArray.CreateBuilder<string>();
        for (var i = 0; i < held.Length; i++)
        {
            if (!held[i])
            {
                lacking.Add(customerIds[i]);
            }
        }

        return lacking.ToImmutable();
    }

    /// <summary>Writes the customer if its state changed; false (and no write) if it lacks the segment's records through <paramref name="last"/>.</summary>
    private async Task<bool> PersistAsync(string customerId, JournalPosition last)
    {
        // Not held in memory (or being released): loaded first, as the per-customer grain was activated for its
        // checkpoint. A customer whose release could not store its state replays the journal on the way in.
        var customer = _customers.GetValueOrDefault(customerId);
        if (customer is not { Loaded: true, Gone: false, Releasing: false })
        {
            customer = await EnterAsync(customerId);
            customer.Exit();
        }

        // Counted in the same turn as the check above, so a release never starts while this write is in flight.
        customer.Persisting++;
        try
        {
            // A write must wait for the records whose journal append already finished (the segment counts them) but
            // which this state has not applied yet.
            await customer.AppliedAsync();

            // Another checkpoint writing this customer goes first; what it left unstored (if anything) is written after.
            while (_writing.TryGetValue(customer, out var other))
            {
                await other;
            }

            if (customer.Gone)
            {
                // Its write was refused and the customer dropped: this write starts again from the stored state.
                return await PersistAsync(customerId, last);
            }

            // The state must hold the segment's records of this customer: positions of one journal apply in order, so
            // it does if it has applied that journal through the customer's last record in the segment.
            if (last.Sequence >= 0 && !Holds(customer.State, last))
            {
                return false;
            }

            // Nothing unstored (read from storage since its last write, or stored on an earlier release): no write.
            if (customer.State.Applied?.Remove(last.Segment) != true && !customer.Dirty)
            {
                return true;
            }

            // Requests may change the state while the write is in flight; the state stays dirty then, for the next write.
            // Other checkpoints waiting are let go once this write is over and its failure handled (a refused write drops
            // the customer first).
            var changes = customer.Changes;
            var written = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            _writing[customer] = written.Task;
            try
            {
                await storage.WriteStateAsync(StateName, StorageId(customerId), customer);
            }
            catch (InconsistentStateException)
            {
                // Stored by another writer (a write of this customer that timed out, then landed): this state's ETag can
                // never succeed again. The customer is dropped and marked stale; its next request reads the stored
                // state and replays the journal onto it.
                await DropStaleAsync(customer);
                throw;
            }
            finally
            {
                _writing.Remove(customer);
                written.SetResult();
            }

            customer.Dirty = customer.Changes != changes;
            return true;
        }
        finally
        {
            customer.Persisting--;
        }
    }

    public async Task<bool> ReplayAsync(string customerId, string segment, long sequence, string payload)
    {
        var customer = await EnterAsync(customerId);
        try
        {
            return Replay(customer, new JournalPosition(segment, sequence), OfferEvent.FromJson(payload));
        }
        finally
        {
            customer.Exit();
        }
    }

    /// <summary>
    /// Takes a customer for one request: its slot (made on its first request), its turn after the requests before it,
    /// and its state, read from storage on its first request.
    /// </summary>
    private async Task<CustomerSlot> EnterAsync(string customerId)
    {
        while (true)
        {
            if (!_customers.TryGetValue(customerId, out var customer))
            {
                _customers.Add(customerId, customer = new CustomerSlot(customerId));
            }

            await customer.EnterAsync();
            if (customer.Gone)
            {
                // Released (or dropped) while this request waited: on to the customer's new slot.
                customer.Exit();
                continue;
            }

            customer.LastUsed = Environment.TickCount64;
            if (!customer.Loaded)
            {
                try
                {
                    await LoadAsync(customer);
                }
                catch
                {
                    // Read again by the next request (those waiting for this one included).
                    Drop(customer);
                    customer.Exit();
                    throw;
                }
            }

            return customer;
        }
    }

    private async Task LoadAsync(CustomerSlot customer)
    {
        try
        {
            await storage.ReadStateAsync(StateName, StorageId(customer.Id), customer);
        }
        catch (Exception e) when (e is not (OrleansException or OutOfMemoryException))
        {
            // As Orleans' state bridge reports it: a storage fault, which the API answers with 503 (retry), whatever
            // the storage client threw (an AggregateException after its retries, say).
            throw new OrleansException($"Customer {customer.Id}'s state could not be read from storage.", e);
        }

        if (journal.TryGetStale(customer.Id, out var stale))
        {
            // The customer's last release could not store its state: what it had applied is in the journal only. If
            // this fails (storage down), so does the request, and the mark stays for the next one.
            foreach (var segment in stale.Segments)
            {
                foreach (var record in await journal.StaleRecordsAsync(segment, customer.Id, stale, CancellationToken.None))
                {
                    Replay(customer, record.Position, OfferEvent.FromJson(record.Payload));
                }
            }

            journal.Replayed(customer.Id, stale);
        }

        customer.Loaded = true;
    }

    /// <summary>Releases the customers idle for the idle timeout (a grain timer, beside the shard's requests).</summary>
    private Task ReleaseIdleAsync(CancellationToken cancellationToken)
    {
        List<CustomerSlot>? idle = null;
        foreach (var customer in _customers.Values)
        {
            if (!customer.Held && customer.Persisting == 0 && IsIdle(customer))
            {
                (idle ??= []).Add(customer);
            }
        }

        return idle is null ? Task.CompletedTask : Task.WhenAll(idle.Select(customer => ReleaseAsync(customer, idleOnly: true)));
    }

    private bool IsIdle(CustomerSlot customer) => Environment.TickCount64 - customer.LastUsed >= _idleMilliseconds;

    /// <summary>
    /// Lets a customer go from memory, its state written first if it changed. When that write fails, the state leaves
    /// memory unstored while the journal holds every record of it: the customer is marked stale, and its next request
    /// replays them before it is answered.
    /// </summary>
    private async Task ReleaseAsync(CustomerSlot customer, bool idleOnly)
    {
        await customer.EnterAsync();
        try
        {
            if (customer.Gone || customer.Persisting > 0 || (idleOnly && !IsIdle(customer)))
            {
                return;
            }

            customer.Releasing = true;
            if (customer.Dirty)
            {
                try
                {
                    await storage.WriteStateAsync(StateName, StorageId(customer.Id), customer);
                }
                catch (Exception e) when (e is not OutOfMemoryException)
                {
                    LogReleaseWriteFailed(logger, e, customer.Id);
                    journal.ReleaseFailed(customer.Id);
                    Drop(customer);
                    return;
                }
            }

            // A customer still marked stale (a replay that failed part way) stays on the segments' lists: their
            // checkpoints load it again, and that replays the rest before the segments are dropped.
            if (!journal.TryGetStale(customer.Id, out _))
            {
                journal.Released(customer.Id);
            }

            Drop(customer);
        }
        finally
        {
            customer.Releasing = false;
            customer.Exit();
        }
    }

    /// <summary>Drops a customer whose state in memory can no longer be written (its ETag is stale), marked for replay.</summary>
    private async Task DropStaleAsync(CustomerSlot customer)
    {
        await customer.EnterAsync();
        try
        {
            if (!customer.Gone)
            {
                journal.ReleaseFailed(customer.Id);
                Drop(customer);
            }
        }
        finally
        {
            customer.Exit();
        }
    }

    private void Drop(CustomerSlot customer)
    {
        customer.Gone = true;
        if (_customers.TryGetValue(customer.Id, out var held) && ReferenceEquals(held, customer))
        {
            _customers.Remove(customer.Id);
        }
    }

    private async Task<OutcomeStatus> RecordOutcomeAsync(CustomerSlot customer, OutcomeCommand outcome)
    {
        var now = time.GetUtcNow();
        if (now > outcome.IssuedAt + outcome.AttributionWindow || now < outcome.IssuedAt - TimeSpan.FromMinutes(5))
        {
            return OutcomeStatus.OutsideWindow;
        }

        Forget(customer.State, now);
        var firstKey = FirstKey(outcome.TokenId, outcome.Kind);
        if (customer.State.Outcomes?.ContainsKey(DedupKey(firstKey, outcome.IdempotencyKey)) == true)
        {
            return OutcomeStatus.Duplicate;
        }

        var offerEvent = new OfferEvent
        {
            Type = OfferEventType.Outcome,
            Experiment = outcome.Experiment,
            Version = outcome.Version,
            Period = outcome.Period,
            Variant = outcome.Variant,
            Customer = customer.Id,
            Session = outcome.SessionId,
            At = now,
            TokenId = outcome.TokenId,
            IssuedAt = outcome.IssuedAt,
            Kind = outcome.Kind,
            Value = outcome.Value,
            IdempotencyKey = outcome.IdempotencyKey,
            OfferSku = outcome.OfferSku,
            First = customer.State.Outcomes?.ContainsKey(firstKey) != true,
            Expires = outcome.IssuedAt + outcome.AttributionWindow,
            Segments = outcome.Segments.Length == 0 ? null : outcome.Segments,
        };
        await AppendAndApplyAsync(customer, offerEvent);
        return OutcomeStatus.Recorded;
    }

    private async Task<AssignDecision> AssignAsync(CustomerSlot customer, string sessionId, AssignPlan plan)
    {
        var unit = plan.CustomerStickiness ? customer.Id : sessionId;
        if (customer.State.Sticky.TryGetValue(plan.Experiment, out var units) && units.TryGetValue(unit, out var sticky)
            && plan.Variants.IndexOf(sticky.Variant) is var kept and >= 0 && plan.Weights[kept] > 0)
        {
            return new AssignDecision(plan.Experiment, AssignReason.Sticky, sticky.Variant, sticky.Version, sticky.Period, sticky.IssuedAt, sticky.TokenId);
        }

        var now = time.GetUtcNow();
        var today = DateOnly.FromDateTime(now.UtcDateTime);
        if (customer.State.Today.TryGetValue(plan.Experiment, out var count) && count.Day == today && count.Count >= plan.CapPerDay)
        {
            return Decline(plan, AssignReason.Capped);
        }

        var arm = ArmSelector.Select(plan.Experiment, plan.Period, unit, plan.Weights.AsSpan());
        if (plan.OfferSkus[arm] is { } sku && (customer.State.Declines?.GetValueOrDefault(sku) ?? 0) >= plan.SuppressAfterDeclines)
        {
            return Decline(plan, AssignReason.Suppressed);
        }

        var offerEvent = new OfferEvent
        {
            Type = OfferEventType.Exposure,
            Experiment = plan.Experiment,
            Version = plan.Version,
            Period = plan.Period,
            Variant = plan.Variants[arm],
            Customer = customer.Id,
            Session = sessionId,
            Unit = unit,
            At = now,
            TokenId = TokenIdFor(plan.Experiment, unit, now),
            OfferSku = plan.OfferSkus[arm],
            Segments = plan.Segments.Length == 0 ? null : plan.Segments,
        };
        await AppendAndApplyAsync(customer, offerEvent);
        return new AssignDecision(plan.Experiment, AssignReason.Assigned, offerEvent.Variant, plan.Version, plan.Period, now, offerEvent.TokenId);
    }

    private async Task AppendAndApplyAsync(CustomerSlot customer, OfferEvent offerEvent)
    {
        customer.AppendStarted();
        try
        {
            var position = await journal.AppendAsync(offerEvent);
            Apply(customer, offerEvent, position, advance: true);
        }
        finally
        {
            customer.AppendFinished();
        }
    }

    /// <summary>
    /// Applies a journal record unless the state holds it; gives whether it counts (see <see cref="ICustomerShardGrain.ReplayAsync"/>).
    /// </summary>
    private bool Replay(CustomerSlot customer, JournalPosition position, OfferEvent offerEvent)
    {
        if (customer.State.Applied?.TryGetValue(position.Segment, out var applied) == true && applied.Contains(position.Sequence))
        {
            return true;
        }

        var dedupKey = offerEvent.Type == OfferEventType.Outcome ? DedupKey(FirstKey(offerEvent.TokenId, offerEvent.Kind), offerEvent.IdempotencyKey) : null;
        if (dedupKey is not null && customer.State.OutcomeRecords?.TryGetValue(dedupKey, out var taker) == true)
        {
            // The state holds this outcome's key. Taken by this very record (applied and stored by a checkpoint that
            // did not get to mark the segment flushed), it counts. Taken by another: live, a key is checked before its
            // record is appended, so two records with one key mean an append's answer was lost (it timed out after
            // storage committed it) and the client retried; one outcome, counted once.
            return taker == RecordId(position.Segment, position.Sequence);
        }

        if (customer.State.AppliedThrough.TryGetValue(position.Journal, out var through)
            && !position.Follows(through))
        {
            // At or before the last record this state holds: applied, or an append that timed out unacknowledged. An
            // exposure the customer never saw stays out of its state; an unacknowledged outcome takes its key (while
            // its window is open), so that a retry of it is not counted a second time.
            if (dedupKey is not null && offerEvent.Expires > time.GetUtcNow())
            {
                Apply(customer, offerEvent, position, advance: false);
            }

            return true;
        }

        Apply(customer, offerEvent, position, advance: true);
        return true;
    }

    /// <summary>Whether the state holds the record at <paramref name="position"/> and its journal's records before it.</summary>
    private static bool Holds(CustomerState state, JournalPosition position) =>
        (state.AppliedThrough.TryGetValue(position.Journal, out var through) && !position.Follows(through))
        || state.Applied?.TryGetValue(position.Segment, out var applied) == true && applied.Contains(position.Sequence);

    /// <summary>The one place state changes, for live records and replayed ones alike.</summary>
    private static void Apply(CustomerSlot slot, OfferEvent offerEvent, JournalPosition position, bool advance)
    {
        var customer = slot.State;
        if (offerEvent.Type == OfferEventType.Exposure)
        {
            if (!customer.Sticky.TryGetValue(offerEvent.Experiment, out var units))
            {
                customer.Sticky[offerEvent.Experiment] = units = new();
            }

            units[offerEvent.Unit ?? offerEvent.Session] = new StickyAssignment(offerEvent.Variant, offerEvent.Version, offerEvent.Period, offerEvent.At, offerEvent.TokenId);
            ForgetEndedSessions(units, offerEvent.At);
            var day = DateOnly.FromDateTime(offerEvent.At.UtcDateTime);
            customer.Today[offerEvent.Experiment] = customer.Today.TryGetValue(offerEvent.Experiment, out var count) && count.Day == day
                ? count with { Count = count.Count + 1 }
                : new DailyCount(day, 1);
        }
        else
        {
            var firstKey = FirstKey(offerEvent.TokenId, offerEvent.Kind);
            var dedupKey = DedupKey(firstKey, offerEvent.IdempotencyKey);
            customer.Outcomes ??= [];
            customer.Outcomes[firstKey] = offerEvent.Expires;
            customer.Outcomes[dedupKey] = offerEvent.Expires;
            (customer.OutcomeRecords ??= [])[dedupKey] = RecordId(position.Segment, position.Sequence);
            if (offerEvent is { Kind: OutcomeKind.Decline, First: true, OfferSku: { } sku })
            {
                customer.Declines ??= [];
                customer.Declines[sku] = customer.Declines.GetValueOrDefault(sku) + 1;
            }
        }

        if (advance)
        {
            customer.AppliedThrough[position.Journal] = position;
        }

        slot.Dirty = true;
        slot.Changes++;
    }

    /// <summary>
    /// Session stickiness keeps one entry per session, so a returning customer's state would grow with every visit.
    /// Past <see cref="SessionsKept"/> entries for an experiment, sessions that began more than
    /// <see cref="SessionLifetime"/> before this exposure are forgotten (a session that comes back after that is
    /// assigned afresh). Decided from the record's own time, so a replay after a crash forgets the same ones.
    /// </summary>
    private static void ForgetEndedSessions(SmallMap<StickyAssignment> units, DateTimeOffset at)
    {
        if (units.Count <= SessionsKept)
        {
            return;
        }

        foreach (var ended in units.Where(u => u.Value.IssuedAt < at - SessionLifetime).Select(u => u.Key).ToList())
        {
            units.Remove(ended);
        }
    }

    /// <summary>Drops de-duplication keys whose attribution window has closed: no outcome for them is accepted any more.</summary>
    private static void Forget(CustomerState customer, DateTimeOffset now)
    {
        if (customer.Outcomes is not { Count: >= 64 } outcomes)
        {
            return;
        }

        foreach (var expired in outcomes.Where(o => o.Value < now).Select(o => o.Key).ToList())
        {
            outcomes.Remove(expired);
            customer.OutcomeRecords?.Remove(expired);
        }
    }

    private static AssignDecision Decline(AssignPlan plan, AssignReason reason) =>
        new(plan.Experiment, reason, null, plan.Version, plan.Period, default, null);

    /// <summary>The key under which the first outcome of a kind for a token is remembered.</summary>
    private static string FirstKey(string tokenId, OutcomeKind? kind) => $"{tokenId}|{kind}";

    private static string DedupKey(string firstKey, string? idempotencyKey) => $"{firstKey}|{idempotencyKey}";

    private static string RecordId(string segment, long sequence) => $"{segment}#{sequence}";

    /// <summary>A stable id for an exposure: the same experiment, unit and moment always give the same id.</summary>
    /// <remarks>
    /// The first 16 bytes of SHA-256 over the UTF-8 of "experiment\nunit\nticks", in unpadded base64url: built on the
    /// stack, so an exposure allocates only the id itself.
    /// </remarks>
    internal static string TokenIdFor(string experiment, string unit, DateTimeOffset issuedAt)
    {
        var most = Encoding.UTF8.GetMaxByteCount(experiment.Length + unit.Length) + 2 + 20;
        byte[]? rented = null;
        var text = most <= 1024 ? stackalloc byte[1024] : (rented = ArrayPool<byte>.Shared.Rent(most));
        try
        {
            var length = Encoding.UTF8.GetBytes(experiment, text);
            text[length++] = (byte)'\n';
            length += Encoding.UTF8.GetBytes(unit, text[length..]);
            text[length++] = (byte)'\n';
            issuedAt.UtcTicks.TryFormat(text[length..], out var digits, default, CultureInfo.InvariantCulture);
            Span<byte> hash = stackalloc byte[SHA256.HashSizeInBytes];
            SHA256.HashData(text[..(length + digits)], hash);
            return Base64Url.EncodeToString(hash[..16]);
        }
        finally
        {
            if (rented is not null)
            {
                ArrayPool<byte>.Shared.Return(rented);
            }
        }
    }

    [LoggerMessage(LogLevel.Warning, "Releasing customer {Customer}: its state could not be written; its next request replays it from the journal.")]
    private static partial void LogReleaseWriteFailed(ILogger logger, Exception exception, string customer);
}
