using System.Collections.Concurrent;

namespace OfferLab.Server.Tests.Assignments;

/// <summary>
/// What a crash test's clients sent and were told: acknowledged exposures by variant and acknowledged outcomes by
/// idempotency key (a key acknowledged twice, once per node, is one accept), against which the counts are checked.
/// </summary>
internal sealed class Ledger
{
    public long AssignsSent;
    public long OutcomesSent;
    private readonly ConcurrentDictionary<string, long> _exposures = new();

    public ConcurrentDictionary<string, (string Customer, string Session, string Variant, string Token, string Key)> Accepted { get; } = new();

    public long TotalExposures => _exposures.Values.Sum();

    public long UnansweredAssigns => AssignsSent - TotalExposures;

    public long UnansweredOutcomes => OutcomesSent - Accepted.Count;

    public long Exposures(string variant) => _exposures.GetValueOrDefault(variant);

    public long Accepts(string variant) => Accepted.Values.Count(a => a.Variant == variant);

    public void Exposed(string variant) => _exposures.AddOrUpdate(variant, 1, (_, n) => n + 1);

    public void Accept(string variant, string customer, string session, string token, string key) => Accepted.TryAdd(key, (customer, session, variant, token, key));
}
