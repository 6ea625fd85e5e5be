using System.Collections.Immutable;

namespace OfferLab.Abstractions.Experiments;

/// <summary>How an apply ended.</summary>
[GenerateSerializer]
public enum ApplyOutcome
{
    /// <summary>A new experiment, version 1.</summary>
    Created,

    /// <summary>A new version of an existing experiment.</summary>
    Changed,

    /// <summary>Same declaration as the version in force: nothing written.</summary>
    Unchanged,

    /// <summary>The declaration is not valid; see <see cref="ApplyResult.Errors"/>.</summary>
    Invalid,

    /// <summary>Valid, but not allowed as a change in the experiment's current state; see <see cref="ApplyResult.Errors"/>.</summary>
    Refused,
}

/// <summary>One error of an apply: the key path and the full message in CLI form (<c>file:line:col: path: message</c>).</summary>
[GenerateSerializer, Immutable, Alias("OfferLab.ApplyError")]
public sealed record ApplyError([property: Id(0)] string Path, [property: Id(1)] string Message);

/// <summary>The answer to applying a declaration.</summary>
[GenerateSerializer, Immutable, Alias("OfferLab.ApplyResult")]
public sealed record ApplyResult(
    [property: Id(0)] ApplyOutcome Outcome,
    [property: Id(1)] int Version,
    [property: Id(2)] ExperimentStatus Status,
    [property: Id(3)] ImmutableArray<string> Changes,
    [property: Id(4)] ImmutableArray<ApplyError> Errors);
