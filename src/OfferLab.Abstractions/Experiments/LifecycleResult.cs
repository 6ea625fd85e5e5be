namespace OfferLab.Abstractions.Experiments;

/// <summary>The answer to pause, resume or conclude: the status now, or why the transition is not allowed.</summary>
[GenerateSerializer, Immutable, Alias("OfferLab.LifecycleResult")]
public sealed record LifecycleResult(
    [property: Id(0)] bool Found,
    [property: Id(1)] bool Allowed,
    [property: Id(2)] ExperimentStatus Status,
    [property: Id(3)] int Version,
    [property: Id(4)] string? Problem);
