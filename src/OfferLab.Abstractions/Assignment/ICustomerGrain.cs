using System.Collections.Immutable;
using Orleans.Concurrency;

namespace OfferLab.Abstractions.Assignment;

/// <summary>
/// One customer (key: customer id): sticky assignments, offers seen, taken and declined, daily caps, and outcome
/// de-duplication. Every exposure and outcome it acknowledges is durable in the silo's journal first.
/// </summary>
public interface ICustomerGrain : IGrainWithStringKey
{
    /// <summary>Assigns (or recalls) a variant for each plan, recording new exposures durably before answering.</summary>
    Task<ImmutableArray<AssignDecision>> AssignAsync(string sessionId, ImmutableArray<AssignPlan> plans);

    /// <summary>Records an outcome once per token and idempotency key, durably before answering.</summary>
    Task<OutcomeStatus> RecordOutcomeAsync(OutcomeCommand outcome);

    /// <summary>
    /// Writes the state now (the journal flusher calls this for every customer a closing segment touched). Interleaves
    /// with the customer's requests, so a checkpoint never makes a storefront wait for a storage write.
    /// </summary>
    [AlwaysInterleave]
    Task PersistAsync(string flushedSegment);

    /// <summary>
    /// Applies a journal record after a crash, unless this customer's stored state already holds it. Returns whether
    /// the record counts: false for an outcome whose de-duplication key another record took (an append that timed
    /// out after storage had committed it, then the client's retry with the same key), so that a replay never counts
    /// one outcome twice; true for every other record, including those the stored state already holds.
    /// </summary>
    Task<bool> ReplayAsync(string segment, long sequence, string payload);
}
