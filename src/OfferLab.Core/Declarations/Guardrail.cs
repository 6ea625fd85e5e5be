namespace OfferLab.Core.Declarations;

/// <summary>An arm whose <see cref="Metric"/> rate falls below control's by more than <see cref="MaxDrop"/> (absolute) is retired.</summary>
public sealed record Guardrail(GuardrailMetric Metric, double MaxDrop);
