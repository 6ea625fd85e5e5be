namespace OfferLab.Abstractions.Experiments;

/// <summary>A status change: who moved the experiment from one status to another, when, and why.</summary>
[GenerateSerializer, Immutable, Alias("OfferLab.LifecycleEvent")]
public sealed record LifecycleEvent(
    [property: Id(0)] ExperimentStatus From,
    [property: Id(1)] ExperimentStatus To,
    [property: Id(2)] string Actor,
    [property: Id(3)] DateTimeOffset At,
    [property: Id(4)] string Reason);
