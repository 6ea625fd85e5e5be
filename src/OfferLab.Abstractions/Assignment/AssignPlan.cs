using System.Collections.Immutable;

namespace OfferLab.Abstractions.Assignment;

/// <summary>
/// One experiment a customer grain is asked to assign: everything it needs, taken from the silo's cache, so the
/// customer grain never calls the experiment grain.
/// </summary>
[GenerateSerializer, Immutable, Alias("OfferLab.AssignPlan")]
public sealed record AssignPlan(
    [property: Id(0)] string Experiment,
    [property: Id(1)] int Version,
    [property: Id(2)] long Period,
    [property: Id(3)] ImmutableArray<string> Variants,
    [property: Id(4)] ImmutableArray<string?> OfferSkus,
    [property: Id(5)] ImmutableArray<double> Weights,
    [property: Id(6)] bool CustomerStickiness,
    [property: Id(7)] int CapPerDay,
    [property: Id(8)] int SuppressAfterDeclines,
    [property: Id(9)] string Segments = "");
