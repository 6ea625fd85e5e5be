using OfferLab.Core.Declarations;
using OfferLab.Core.Simulation;

namespace OfferLab.Cli.Simulate;

/// <summary>A checked <c>offerlab simulate</c> invocation: the declaration, the settings it implies, runs and seed.</summary>
internal sealed record SimulationRequest(ExperimentDeclaration Declaration, SimulationSettings Settings, int Runs, ulong Seed)
{
    /// <summary>The file's policy as written in it (<c>thompson</c> or <c>fixed</c>).</summary>
    public string Policy => Settings.FixedWeights is null ? "thompson" : "fixed";
}
