using System.Collections.Immutable;

namespace OfferLab.Abstractions.Assignment;

/// <summary>
/// A shard of customers (key: shard number, a stable hash of the customer id): for each customer in it, sticky
/// assignments, offers seen, taken and declined, daily caps, and outcome de-duplication. Every exposure and outcome it
/// acknowledges is durable in the silo's journal first. One customer's requests run one at a time, in order; different
/// customers of a shard interleave, so one customer's journal append never holds up another.
/// </summary>
public interface ICustomerShardGrain : IGrainWithIntegerKey
{
    /// <summary>Assigns (or recalls) a variant for each plan, recording new exposures durably before answering.</summary>
    Task<ImmutableArray<AssignDecision>> AssignAsync(string customerId, string sessionId, ImmutableArray<AssignPlan> plans);

    /// <summary>Records an outcome once per token and idempotency key, durably before answering.</summary>
    Task<OutcomeStatus> RecordOutcomeAsync(string customerId, OutcomeCommand outcome);

    /// <summary>
    /// Writes these customers' state now, all at once (the journal flusher calls this, a chunk of a shard's customers at
    /// a time, for every customer a closing segment touched). Runs beside the customers' requests, so a checkpoint never
    /// makes a storefront wait for a storage write. Every write is tried; the call fails with the first that failed.
    /// <para>
    /// <paramref name="lastSequences"/> gives, for each customer, the sequence of its last record in the segment (or -1
    /// for no such check). A customer whose state does not hold the segment's records up to that one is not written but
    /// given back: its state in memory was lost before it was stored (a write refused because another writer had stored
    /// it meanwhile, say) while the records came from another node's journal, which this node cannot replay on its own.
    /// The caller replays them (<see cref="ReplayAsync"/>) and asks again; the segment is not marked flushed before.
    /// </para>
    /// </summary>
    Task<ImmutableArray<string>> PersistAsync(ImmutableArray<string> customerIds, ImmutableArray<long> lastSequences, string flushedSegment);

    /// <summary>
    /// Applies a journal record after a crash, unless the customer's stored state already holds it. Returns whether the
    /// record counts: false for an outcome whose de-duplication key another record took (an append that timed out after
    /// storage had committed it, then the client's retry with the same key), so that a replay never counts one outcome
    /// twice; true for every other record, including those the stored state already holds.
    /// </summary>
    Task<bool> ReplayAsync(string customerId, string segment, long sequence, string payload);
}
