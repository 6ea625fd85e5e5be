using System.Collections.Immutable;

namespace OfferLab.Abstractions.Experiments;

/// <summary>What an experiment grain holds: status and the full version history (newest last).</summary>
[GenerateSerializer, Immutable, Alias("OfferLab.ExperimentSnapshot")]
public sealed record ExperimentSnapshot(
    [property: Id(0)] string Id,
    [property: Id(1)] ExperimentStatus Status,
    [property: Id(2)] ImmutableArray<ExperimentVersion> Versions,
    [property: Id(3)] ImmutableArray<LifecycleEvent> Lifecycle)
{
    /// <summary>The version in force.</summary>
    public ExperimentVersion Current => Versions[^1];
}
