namespace OfferLab.Grains.Experiments;

/// <summary>Persisted state of the <see cref="ExperimentRegistryGrain"/>.</summary>
public sealed class ExperimentRegistryState
{
    public SortedSet<string> Ids { get; set; } = new(StringComparer.Ordinal);
}
