namespace OfferLab.Core.Declarations;

/// <summary>What is optimised and tested (per exposure), how long after an exposure outcomes count, and the guardrails.</summary>
public sealed record MetricSettings(PrimaryMetric Primary, TimeSpan AttributionWindow, IReadOnlyList<Guardrail> Guardrails)
{
    /// <summary>conversion, 24h, no guardrails.</summary>
    public static MetricSettings Default { get; } = new(PrimaryMetric.Conversion, TimeSpan.FromHours(24), ValueList<Guardrail>.Empty);
}
