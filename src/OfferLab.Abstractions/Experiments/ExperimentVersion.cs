using System.Collections.Immutable;

namespace OfferLab.Abstractions.Experiments;

/// <summary>One accepted declaration of an experiment: its YAML (or JSON) source, who applied it, when, and what it changed.</summary>
[GenerateSerializer, Immutable, Alias("OfferLab.ExperimentVersion")]
public sealed record ExperimentVersion(
    [property: Id(0)] int Version,
    [property: Id(1)] string Source,
    [property: Id(2)] string Author,
    [property: Id(3)] DateTimeOffset AppliedAt,
    [property: Id(4)] ImmutableArray<string> Changes);
