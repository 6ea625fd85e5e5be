using Microsoft.Extensions.DependencyInjection;
using System.Collections.Immutable;
using System.Security.Cryptography;
using System.Text;
using OfferLab.Abstractions.Assignment;
using OfferLab.Core.Allocation;
using OfferLab.Grains.Counting;
using OfferLab.Storage.AzureTable.Journal;
using Orleans.Runtime;
using Orleans.Storage;

namespace OfferLab.Grains.Customers;

/// <summary>
/// One customer. Every exposure and outcome it acknowledges is in the journal first (group commit); its own
/// state is written when the journal segment closes, and rebuilt from the journal after a crash.
/// </summary>
public sealed class CustomerGrain(
    [FromKeyedServices(GrainStorage.Customers)] IGrainStorage storage,
    OfferJournal journal,
    [FromKeyedServices(GrainClock.Key)] TimeProvider time) : Grain, ICustomerGrain
{
    /// <summary>The name of a customer's record in the customer storage.</summary>
    public const string StateName = "customer";

    /// <summary>Sticky sessions per experiment kept without looking at their age.</summary>
    public const int SessionsKept = 32;

    /// <summary>How long a session keeps its variant once more than <see cref="SessionsKept"/> are remembered.</summary>
    public static readonly TimeSpan SessionLifetime = TimeSpan.FromHours(24);

    // Read and written through the storage itself rather than an injected IPersistentState: that bridge and its
    // lifecycle subscription cost every activation about 400 bytes (measured) and a lifecycle pass, for nothing this
    // grain needs. The state is set by the read in OnActivateAsync.
    private readonly GrainState<CustomerState> _state = new();

    /// <summary>The customer's state: never null (a read of a missing record gives a new state, as grain storage must).</summary>
    private CustomerState Customer => _state.State!;

    private bool _dirty;

    // Checkpoints interleave with requests (PersistAsync is [AlwaysInterleave]): a write must wait for the records whose
    // journal append already finished (the segment counts them) but which this state has not applied yet.
    private int _appending;
    private TaskCompletionSource? _applied;
    private long _changes;

    private string CustomerId => this.GetPrimaryKeyString();

    public async Task<ImmutableArray<AssignDecision>> AssignAsync(string sessionId, ImmutableArray<AssignPlan> plans)
    {
        var decisions = ImmutableArray.CreateBuilder<AssignDecision>(plans.Length);
        foreach (var plan in plans)
        {
            decisions.Add(await AssignAsync(sessionId, plan));
        }

        return decisions.MoveToImmutable();
    }

    public async Task<OutcomeStatus> RecordOutcomeAsync(OutcomeCommand outcome)
    {
        var now = time.GetUtcNow();
        if (now > outcome.IssuedAt + outcome.AttributionWindow || now < outcome.IssuedAt - TimeSpan.FromMinutes(5))
        {
            return OutcomeStatus.OutsideWindow;
        }

        Forget(now);
        var firstKey = FirstKey(outcome.TokenId, outcome.Kind);
        if (Customer.Outcomes?.ContainsKey(DedupKey(firstKey, outcome.IdempotencyKey)) == true)
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
            Customer = CustomerId,
            Session = outcome.SessionId,
            At = now,
            TokenId = outcome.TokenId,
            IssuedAt = outcome.IssuedAt,
            Kind = outcome.Kind,
            Value = outcome.Value,
            IdempotencyKey = outcome.IdempotencyKey,
            OfferSku = outcome.OfferSku,
            First = Customer.Outcomes?.ContainsKey(firstKey) != true,
            Expires = outcome.IssuedAt + outcome.AttributionWindow,
            Segments = outcome.Segments.Length == 0 ? null : outcome.Segments,
        };
        await AppendAndApplyAsync(offerEvent);
        return OutcomeStatus.Recorded;
    }

    public async Task PersistAsync(string flushedSegment)
    {
        while (_appending > 0)
        {
            _applied ??= new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            await _applied.Task;
        }

        // Nothing unstored (activated from storage since its last write, or stored on an earlier release): no write.
        if (Customer.Applied?.Remove(flushedSegment) != true && !_dirty)
        {
            return;
        }

        // Requests may change the state while the write is in flight; the state stays dirty then, for the next write.
        var changes = _changes;
        try
        {
            await storage.WriteStateAsync(StateName, this.GetGrainId(), _state);
        }
        catch (InconsistentStateException)
        {
            // Stored by another writer (a write of this customer that timed out, then landed): this activation's ETag
            // can never succeed again. Its release marks the state stale, and the next activation reads the stored one
            // and replays the journal onto it.
            this.DeactivateOnIdle();
            throw;
        }

        _dirty = _changes != changes;
    }

    public Task<bool> ReplayAsync(string segment, long sequence, string payload) =>
        Task.FromResult(Replay(new JournalPosition(segment, sequence), OfferEvent.FromJson(payload)));

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        try
        {
            await storage.ReadStateAsync(StateName, this.GetGrainId(), _state);
        }
        catch (Exception e) when (e is not (OrleansException or OutOfMemoryException))
        {
            // As Orleans' state bridge reports it: a storage fault, which the API answers with 503 (retry), whatever
            // the storage client threw (an AggregateException after its retries, say).
            throw new OrleansException($"Customer {CustomerId}'s state could not be read from storage.", e);
        }

        if (!journal.TryGetStale(CustomerId, out var stale))
        {
            return;
        }

        // The last activation could not store its state on release: what it had applied is in the journal only. If
        // this fails (storage down), so does the activation, and the mark stays for the next one.
        foreach (var segment in stale.Segments)
        {
            foreach (var record in await journal.StaleRecordsAsync(segment, CustomerId, stale, cancellationToken))
            {
                Replay(record.Position, OfferEvent.FromJson(record.Payload));
            }
        }

        journal.Replayed(CustomerId, stale);
    }

    public override async Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken)
    {
        if (_dirty)
        {
            try
            {
                await storage.WriteStateAsync(StateName, this.GetGrainId(), _state);
            }
            catch
            {
                // The state leaves memory unstored. Everything in it is in the journal: the next activation replays it.
                journal.ReleaseFailed(CustomerId);
                throw;
            }
        }

        // A customer still marked stale (an activation whose replay failed part way) stays on the segments' lists: their
        // checkpoints activate it again, and that activation replays the rest before the segments are dropped.
        if (!journal.TryGetStale(CustomerId, out _))
        {
            journal.Released(CustomerId);
        }
    }

    private async Task<AssignDecision> AssignAsync(string sessionId, AssignPlan plan)
    {
        var unit = plan.CustomerStickiness ? CustomerId : sessionId;
        if (Customer.Sticky.TryGetValue(plan.Experiment, out var units) && units.TryGetValue(unit, out var sticky)
            && plan.Variants.IndexOf(sticky.Variant) is var kept and >= 0 && plan.Weights[kept] > 0)
        {
            return new AssignDecision(plan.Experiment, AssignReason.Sticky, sticky.Variant, sticky.Version, sticky.Period, sticky.IssuedAt, sticky.TokenId);
        }

        var now = time.GetUtcNow();
        var today = DateOnly.FromDateTime(now.UtcDateTime);
        if (Customer.Today.TryGetValue(plan.Experiment, out var count) && count.Day == today && count.Count >= plan.CapPerDay)
        {
            return Decline(plan, AssignReason.Capped);
        }

        var arm = ArmSelector.Select(plan.Experiment, plan.Period, unit, plan.Weights.AsSpan());
        if (plan.OfferSkus[arm] is { } sku && (Customer.Declines?.GetValueOrDefault(sku) ?? 0) >= plan.SuppressAfterDeclines)
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
            Customer = CustomerId,
            Session = sessionId,
            Unit = unit,
            At = now,
            TokenId = TokenIdFor(plan.Experiment, unit, now),
            OfferSku = plan.OfferSkus[arm],
            Segments = plan.Segments.Length == 0 ? null : plan.Segments,
        };
        await AppendAndApplyAsync(offerEvent);
        return new AssignDecision(plan.Experiment, AssignReason.Assigned, offerEvent.Variant, plan.Version, plan.Period, now, offerEvent.TokenId);
    }

    private async Task AppendAndApplyAsync(OfferEvent offerEvent)
    {
        _appending++;
        try
        {
            var position = await journal.AppendAsync(offerEvent);
            Apply(offerEvent, position, advance: true);
        }
        finally
        {
            if (--_appending == 0 && _applied is { } applied)
            {
                _applied = null;
                applied.SetResult();
            }
        }
    }

    /// <summary>
    /// Applies a journal record unless the state holds it; gives whether it counts (see <see cref="ICustomerGrain.ReplayAsync"/>).
    /// </summary>
    private bool Replay(JournalPosition position, OfferEvent offerEvent)
    {
        if (Customer.Applied?.TryGetValue(position.Segment, out var applied) == true && applied.Contains(position.Sequence))
        {
            return true;
        }

        var dedupKey = offerEvent.Type == OfferEventType.Outcome ? DedupKey(FirstKey(offerEvent.TokenId, offerEvent.Kind), offerEvent.IdempotencyKey) : null;
        if (dedupKey is not null && Customer.OutcomeRecords?.TryGetValue(dedupKey, out var taker) == true)
        {
            // The state holds this outcome's key. Taken by this very record (applied and stored by a checkpoint that
            // did not get to mark the segment flushed), it counts. Taken by another: live, a key is checked before its
            // record is appended, so two records with one key mean an append's answer was lost (it timed out after
            // storage committed it) and the client retried; one outcome, counted once.
            return taker == RecordId(position.Segment, position.Sequence);
        }

        if (Customer.AppliedThrough.TryGetValue(position.Journal, out var through)
            && !position.Follows(through))
        {
            // At or before the last record this state holds: applied, or an append that timed out unacknowledged. An
            // exposure the customer never saw stays out of its state; an unacknowledged outcome takes its key (while
            // its window is open), so that a retry of it is not counted a second time.
            if (dedupKey is not null && offerEvent.Expires > time.GetUtcNow())
            {
                Apply(offerEvent, position, advance: false);
            }

            return true;
        }

        Apply(offerEvent, position, advance: true);
        return true;
    }

    /// <summary>The one place state changes, for live records and replayed ones alike.</summary>
    private void Apply(OfferEvent offerEvent, JournalPosition position, bool advance)
    {
        var customer = Customer;
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

        _dirty = true;
        _changes++;
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
    private void Forget(DateTimeOffset now)
    {
        if (Customer.Outcomes is not { Count: >= 64 } outcomes)
        {
            return;
        }

        foreach (var expired in outcomes.Where(o => o.Value < now).Select(o => o.Key).ToList())
        {
            outcomes.Remove(expired);
            Customer.OutcomeRecords?.Remove(expired);
        }
    }

    private static AssignDecision Decline(AssignPlan plan, AssignReason reason) =>
        new(plan.Experiment, reason, null, plan.Version, plan.Period, default, null);

    /// <summary>The key under which the first outcome of a kind for a token is remembered.</summary>
    private static string FirstKey(string tokenId, OutcomeKind? kind) => $"{tokenId}|{kind}";

    private static string DedupKey(string firstKey, string? idempotencyKey) => $"{firstKey}|{idempotencyKey}";

    private static string RecordId(string segment, long sequence) => $"{segment}#{sequence}";

    /// <summary>A stable id for an exposure: the same experiment, unit and moment always give the same id.</summary>
    internal static string TokenIdFor(string experiment, string unit, DateTimeOffset issuedAt)
    {
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes($"{experiment}\n{unit}\n{issuedAt.UtcTicks}"));
        return Convert.ToBase64String(hash, 0, 16).TrimEnd('=').Replace('+', '-').Replace('/', '_');
    }
}
