namespace OfferLab.Core.Simulation;

/// <summary>Shares of runs in which each test rejected, ever (checked at every look) and at the last look only.</summary>
public sealed record LiftMonitoringSummary(
    int Runs,
    double AlwaysValidEverRate,
    double ZTestEverRate,
    double AlwaysValidLastLookRate,
    double ZTestLastLookRate);
