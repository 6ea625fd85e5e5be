namespace OfferLab.Benchmarks.Load;

/// <summary>The measured phases; each is a mode of <c>Wrk/phase.lua</c> (bare, new, repeat, outcome, returning).</summary>
internal enum PhaseKind
{
    Bare,
    NewSession,
    Repeat,
    Outcome,

    /// <summary>A new session of a customer already active (a pool customer): a durable exposure without a new customer.</summary>
    ReturningSession,
}
