namespace OfferLab.Core.Allocation;

/// <summary>
/// One arm's binary evidence: <paramref name="Successes"/> out of <paramref name="Trials"/>.
/// Its posterior under a uniform prior is Beta(1 + successes, 1 + trials − successes).
/// </summary>
public readonly record struct BetaArm(long Successes, long Trials)
{
    /// <summary>Trials that were not successes.</summary>
    public long Failures => Trials - Successes;

    /// <summary>First Beta posterior parameter, 1 + successes.</summary>
    public double Alpha => 1.0 + Successes;

    /// <summary>Second Beta posterior parameter, 1 + failures.</summary>
    public double Beta => 1.0 + Failures;

    /// <summary>Throws when the counts are negative or successes exceed trials.</summary>
    internal void Validate()
    {
        if (Successes < 0 || Trials < 0 || Successes > Trials)
        {
            throw new ArgumentOutOfRangeException(nameof(Successes), $"Need 0 ≤ successes ≤ trials, got {Successes}/{Trials}.");
        }
    }
}
