using OfferLab.Abstractions.Experiments;

namespace OfferLab.Grains.Experiments;

/// <summary>Persisted state of an <see cref="ExperimentGrain"/> (stored as JSON by the grain storage).</summary>
public sealed class ExperimentState
{
    public ExperimentStatus Status { get; set; }

    /// <summary>Every accepted version, oldest first; empty while the experiment was never declared.</summary>
    public List<ExperimentVersion> Versions { get; set; } = [];

    public List<LifecycleEvent> Lifecycle { get; set; } = [];

    /// <summary>The arm served once concluded, decided at the moment of conclusion.</summary>
    public string? Winner { get; set; }

    /// <summary>A draft only because its schedule starts later: it starts running by itself then.</summary>
    public bool StartsOnSchedule { get; set; }
}
