using System.Collections.Immutable;
using OfferLab.Abstractions.Experiments;

namespace OfferLab.Abstractions.Assignment;

/// <summary>
/// What each silo caches of an experiment to serve assignments without calling its grain: the declaration in
/// force, the allocation period and the weights of that period (aligned with the declaration's variants), and
/// which arms may still be served.
/// </summary>
[GenerateSerializer, Immutable, Alias("OfferLab.AllocationView")]
public sealed record AllocationView(
    [property: Id(0)] string Experiment,
    [property: Id(1)] int Version,
    [property: Id(2)] ExperimentStatus Status,
    [property: Id(3)] string Source,
    [property: Id(4)] long Period,
    [property: Id(5)] ImmutableArray<double> Weights,
    [property: Id(6)] ImmutableArray<string> ActiveArms,
    [property: Id(7)] string? Winner,
    [property: Id(8)] DateTimeOffset PeriodStartedAt);
