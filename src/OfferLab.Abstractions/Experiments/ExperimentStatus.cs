namespace OfferLab.Abstractions.Experiments;

/// <summary>
/// Lifecycle of an experiment: <c>draft</c> → <c>running</c> → (<c>paused</c> ↔ <c>running</c>) → <c>concluded</c>.
/// </summary>
[GenerateSerializer]
public enum ExperimentStatus
{
    Draft,
    Running,
    Paused,
    Concluded,
}
