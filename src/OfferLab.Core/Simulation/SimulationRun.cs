namespace OfferLab.Core.Simulation;

/// <summary>
/// The outcome of one simulated run, arrays index-aligned with the arms.
/// </summary>
/// <param name="Regret">Σ over users of (best true rate − true rate of the arm served).</param>
/// <param name="Exposures">Users served by each arm.</param>
/// <param name="Successes">Accepts of each arm.</param>
/// <param name="RetiredAtUser">Users served when the arm was retired (at that period's close), or null if never.</param>
public sealed record SimulationRun(double Regret, long[] Exposures, long[] Successes, long?[] RetiredAtUser);
