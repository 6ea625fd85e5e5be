using OfferLab.Abstractions.Experiments;
using OfferLab.Core.Declarations;

namespace OfferLab.Server.Experiments;

/// <summary>The answer to <c>PUT /v1/experiments/{id}</c>.</summary>
public sealed record ApplyResponse(string Experiment, int Version, ExperimentStatus Status, bool Created, bool Changed, IReadOnlyList<string> Changes);

/// <summary>The answer to a lifecycle route.</summary>
public sealed record LifecycleResponse(string Experiment, ExperimentStatus Status, int Version);

/// <summary>One arm in a listing.</summary>
public sealed record ArmSummary(string Id, bool Control, string State);

/// <summary>One experiment in <c>GET /v1/experiments</c>.</summary>
public sealed record ExperimentSummary(
    string Id, string Name, ExperimentStatus Status, int Version, Placement Placement, IReadOnlyList<ArmSummary> Arms, DateTimeOffset UpdatedAt);

/// <summary><c>GET /v1/experiments</c>.</summary>
public sealed record ExperimentList(IReadOnlyList<ExperimentSummary> Experiments);

/// <summary>A past version, without its source.</summary>
public sealed record VersionSummary(int Version, string Author, DateTimeOffset AppliedAt, IReadOnlyList<string> Changes);

/// <summary><c>GET /v1/experiments/{id}</c>: the declaration in force, its source and its history.</summary>
public sealed record ExperimentDetails(
    string Id,
    ExperimentStatus Status,
    int Version,
    ExperimentDeclaration Declaration,
    string Source,
    IReadOnlyList<ArmSummary> Arms,
    IReadOnlyList<VersionSummary> Versions,
    IReadOnlyList<LifecycleEvent> Lifecycle,
    long Period,
    IReadOnlyDictionary<string, double> Weights,
    IReadOnlyList<ArmTally> Totals,
    IReadOnlyList<Decision> Decisions);

/// <summary>
/// One entry of an experiment's decision log: a weight update at a period close (with the weights and the
/// period's counts as evidence), a lifecycle move, or a new version.
/// </summary>
public sealed record Decision(
    DateTimeOffset At, string Type, string Summary, long? Period, int? Version, IReadOnlyList<ArmTally>? Arms,
    string? Variant = null, string? Reason = null, IReadOnlyDictionary<string, double>? Evidence = null);
