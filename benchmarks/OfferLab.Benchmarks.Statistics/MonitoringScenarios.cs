using OfferLab.Core.Declarations;
using OfferLab.Core.Simulation;

namespace OfferLab.Benchmarks.Statistics;

/// <summary>
/// Scenarios 4 and 5: Core-level seeded simulations of what the report computes after each period — always-valid lift
/// vs control, and the sample-ratio check with the weights in force.
/// </summary>
internal sealed class MonitoringScenarios(string root, ulong seed)
{
    private const double Alpha = 0.05;
    private static readonly double[] LadderRates = [0.05, 0.04, 0.03, 0.02];

    private string Command(int scenario) => $"benchmarks/statistics.sh --only {scenario} --seed {seed}";

    /// <summary>
    /// 4. A/A: two arms at 0.05, equal split, 200 periods of 200 users (about 20,000 users per arm, 200 looks — the
    /// reference setting), checked after every period; 2,000 runs.
    /// </summary>
    public IEnumerable<ScenarioResult> AaLift(Action report)
    {
        var settings = new LiftMonitoringSettings(0.05, 0.05, Periods: 200, PeriodUsers: 200, Alpha);
        var summary = LiftMonitoringSimulation.RunMany(settings, 2_000, seed, report);
        string[] notes =
        [
            $"at the last look only: always-valid {BanditScenarios.Share(summary.AlwaysValidLastLookRate)}, z-test {BanditScenarios.Share(summary.ZTestLastLookRate)} (a single look is what the z-test is valid for)",
            "period-weighted estimates (PeriodWeightedEstimator) -> AlwaysValidLift (N* = 5,000); z-test: two-sided on the same estimates",
        ];
        yield return new("4", $"A/A false positives, always-valid lift checked at all 200 looks: {BanditScenarios.Share(summary.AlwaysValidEverRate)} of 2,000 runs",
            $"<= {BanditScenarios.Share(Alpha)} (alpha)", summary.AlwaysValidEverRate <= Alpha, Command(4), notes);
        yield return new("4n", $"negative control, fixed-horizon z-test peeked at all 200 looks: {BanditScenarios.Share(summary.ZTestEverRate)}",
            ">= 20% (inflation visible; reference about 42%)", summary.ZTestEverRate >= 0.20, Command(4), []);
    }

    /// <summary>
    /// 5. SRM on the scenario-2 bandit (four-arms.yaml, rates 0.05/0.04/0.03/0.02), 20 periods x 5,000 users (the
    /// reference setting of DESIGN.md), checked at the end (100,000 users). 5a: false alarms over 4,000 correct runs.
    /// 5b: a 5% loss of the exposures of the arm the bandit favours (the best, 0.05; DESIGN.md's reference catches it in
    /// about 78%), 1,000 runs. The notes give the loss on every other arm, the same loss in an equal-arms bandit where
    /// every arm stays live, and what the χ² test alone would catch.
    /// </summary>
    public IEnumerable<ScenarioResult> Srm(Action report)
    {
        var file = Path.Combine(root, BanditScenarios.FourArms);
        var declaration = DeclarationParser.ParseFile(file).Declaration
            ?? throw new InvalidOperationException($"{BanditScenarios.FourArms} is not a valid declaration");
        var settings = SimulationSettings.FromDeclaration(declaration, LadderRates, users: 100_000, periodUsers: 5_000);
        var equalArms = SimulationSettings.FromDeclaration(declaration, [0.05, 0.05, 0.05, 0.05], users: 100_000, periodUsers: 5_000);
        var correct = SrmSimulation.RunMany(settings, 4_000, seed, report);
        var correctEqual = SrmSimulation.RunMany(equalArms, 4_000, seed + 50, report);
        yield return new("5a", $"SRM false alarms on correct runs at 100,000 users: {BanditScenarios.Share(correct.FlaggedAtEndRate)} of 4,000",
            "<= 0.5%", correct.FlaggedAtEndRate <= 0.005, Command(5),
            [
                $"flagged at any of the 20 period closes (continuous monitoring): {BanditScenarios.Share(correct.FlaggedEverRate)}",
                $"four equal arms at 0.05, same bandit: {BanditScenarios.Share(correctEqual.FlaggedAtEndRate)} at the end, {BanditScenarios.Share(correctEqual.FlaggedEverRate)} at any close",
            ]);

        var perArm = new List<SrmSummary>();
        for (var arm = 0; arm < LadderRates.Length; arm++)
        {
            perArm.Add(SrmSimulation.RunMany(settings with { Loss = new ExposureLoss(arm, 0.05) }, 1_000, seed + (ulong)arm + 1, report));
        }

        var equalPerArm = new List<SrmSummary>();
        for (var arm = 0; arm < LadderRates.Length; arm++)
        {
            equalPerArm.Add(SrmSimulation.RunMany(equalArms with { Loss = new ExposureLoss(arm, 0.05) }, 1_000, seed + 60 + (ulong)arm, report));
        }

        var fixedSplit = SrmSimulation.RunMany(settings with { FixedWeights = [1.0, 1.0, 1.0, 1.0], Loss = new ExposureLoss(0, 0.05) }, 1_000, seed + 100, report);
        var best = perArm[0];
        var armList = string.Join(", ", perArm.Select((c, k) =>
            $"{declaration.Variants[k].Id} ({LadderRates[k]}) {BanditScenarios.Share(c.FlaggedAtEndRate)} (χ² alone {BanditScenarios.Share(c.ChiSquareFlaggedAtEndRate)})"));
        yield return new("5b", $"5% loss of the favoured (best, 0.05) arm's exposures caught by 100,000 users in {BanditScenarios.Share(best.FlaggedAtEndRate)} of 1,000 runs",
            ">= 75% (reference about 78%)", best.FlaggedAtEndRate >= 0.75, Command(5),
            [
                $"χ² alone (df 3) catches {BanditScenarios.Share(best.ChiSquareFlaggedAtEndRate)}; the per-arm test (arm vs rest, variance Σ n_p w(1-w), Bonferroni) is what lifts it",
                $"loss on each arm in turn: {armList}; mean {BanditScenarios.Share(perArm.Average(c => c.FlaggedAtEndRate))}",
                "a losing arm is starved and retired early (0.02 at about 23k users, with about 1,000 exposures): a 5% loss there is about 50 exposures, z ≈ 1.6, out of reach of any test at p < 0.001",
                $"four equal arms at 0.05 (every arm live all run), loss on each arm in turn: mean {BanditScenarios.Share(equalPerArm.Average(c => c.FlaggedAtEndRate))} ({string.Join(", ", equalPerArm.Select(c => BanditScenarios.Share(c.FlaggedAtEndRate)))}; χ² alone {BanditScenarios.Share(equalPerArm.Average(c => c.ChiSquareFlaggedAtEndRate))})",
                $"fixed equal split 1:1:1:1, loss on control: {BanditScenarios.Share(fixedSplit.FlaggedAtEndRate)}",
            ]);
    }
}
