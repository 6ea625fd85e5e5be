namespace OfferLab.Benchmarks.Load;

/// <summary>One row of the report: a phase, its name in the table, and its result or why it did not run.</summary>
internal sealed record PhaseRow(PhaseKind Kind, string Name, PhaseResult? Result, string? Note = null);
