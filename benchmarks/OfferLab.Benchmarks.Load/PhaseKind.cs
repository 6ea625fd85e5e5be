namespace OfferLab.Benchmarks.Load;

/// <summary>The four measured phases; the names are the modes of <c>Wrk/phase.lua</c>.</summary>
internal enum PhaseKind
{
    Bare,
    NewSession,
    Repeat,
    Outcome,
}
