namespace OfferLab.Core.Simulation;

/// <summary>One monitored two-arm run: the first look (1-based) at which each test rejected "no lift", or null.</summary>
/// <param name="AlwaysValidFirstRejection">First look with the always-valid p-value below alpha.</param>
/// <param name="ZTestFirstRejection">First look with the fixed-horizon two-sided z-test's p-value below alpha.</param>
/// <param name="AlwaysValidAtLastLook">Whether the always-valid test rejects at the last look alone.</param>
/// <param name="ZTestAtLastLook">Whether the z-test rejects at the last look alone (its nominal single use).</param>
public sealed record LiftMonitoringRun(int? AlwaysValidFirstRejection, int? ZTestFirstRejection, bool AlwaysValidAtLastLook, bool ZTestAtLastLook);
