using System.Collections.Immutable;
using OfferLab.Abstractions.Assignment;

namespace OfferLab.Abstractions.Experiments;

/// <summary>One experiment (key: its id): declaration versions and lifecycle.</summary>
public interface IExperimentGrain : IGrainWithStringKey
{
    /// <summary>
    /// Validates <paramref name="source"/> (YAML or JSON) and, when it differs from the version in force and
    /// the change is allowed, stores it as a new version. <paramref name="fileName"/> names the source in messages.
    /// </summary>
    Task<ApplyResult> ApplyAsync(string source, string fileName, string author, bool asDraft);

    /// <summary>The experiment, or null when it was never declared.</summary>
    Task<ExperimentSnapshot?> GetAsync();

    Task<LifecycleResult> PauseAsync(string actor);

    /// <summary>Starts a draft or resumes a paused experiment.</summary>
    Task<LifecycleResult> ResumeAsync(string actor);

    Task<LifecycleResult> ConcludeAsync(string actor);

    /// <summary>What silos cache to serve assignments; null when never declared.</summary>
    Task<AllocationView?> GetAllocationAsync();

    /// <summary>
    /// The counts of one journal segment so far, replacing what was received of that segment before (ignored when the
    /// segment is already folded in).
    /// </summary>
    Task RecordCountsAsync(string segment, ImmutableArray<CountDelta> totals);

    /// <summary>Makes the counts of a checkpointed journal segment durable, once.</summary>
    Task FoldSegmentAsync(string segment);

    /// <summary>Closes the allocation period: logs its weights and counts and computes the next period's weights.</summary>
    Task ClosePeriodAsync();

    /// <summary>Counts per arm for each value of <paramref name="attribute"/> sent at assign time, pooled over periods.</summary>
    Task<ImmutableArray<SegmentTally>> GetSegmentsAsync(string attribute);

    /// <summary>Counts per period and arm (checkpointed and not yet checkpointed alike), or null when never declared.</summary>
    Task<ExperimentCounts?> GetCountsAsync();
}
