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
    /// 5. SRM on the scenario-2 bandit (four-arms.yaml, rates 0.05/0.04/0.03/0.02), 20 periods x 5,000 users, checked
    /// at the end (100,000 users): false alarms over 4,000 correct runs; catches of a 5% exposure loss, 1,000 runs
    /// with the loss on each arm in turn (the figure is their mean, i.e. the loss on an arm chosen at random).
    /// </summary>
    public IEnumerable<ScenarioResult> Srm(Action report)
    {
        var file = Path.Combine(root, BanditScenarios.FourArms);
        var declaration = DeclarationParser.ParseFile(file).Declaration
            ?? throw new InvalidOperationException($"{BanditScenarios.FourArms} is not a valid declaration");
        var settings = SimulationSettings.FromDeclaration(declaration, LadderRates, users: 100_000, periodUsers: 5_000);
        var correct = SrmSimulation.RunMany(settings, 4_000, seed, report);
        yield return new("5a", $"SRM false alarms on correct runs at 100,000 users: {BanditScenarios.Share(correct.FlaggedAtEndRate)} of 4,000",
            "<= 0.5%", correct.FlaggedAtEndRate <= 0.005, Command(5),
            [$"flagged at any of the 20 period closes: {BanditScenarios.Share(correct.FlaggedEverRate)}"]);

        var caught = new List<SrmSummary>();
        for (var arm = 0; arm < LadderRates.Length; arm++)
        {
            var lossy = settings with { Loss = new ExposureLoss(arm, 0.05) };
            caught.Add(SrmSimulation.RunMany(lossy, 1_000, seed + (ulong)arm + 1, report));
        }

        var mean = caught.Average(c => c.FlaggedAtEndRate);
        var perArm = string.Join(", ", caught.Select((c, k) =>
            $"{declaration.Variants[k].Id} ({LadderRates[k]}) {BanditScenarios.Share(c.FlaggedAtEndRate)} (any close {BanditScenarios.Share(c.FlaggedEverRate)})"));

        // Not a target: the same loss under a fixed equal split shows the check's power where no arm dominates the traffic.
        var equal = SrmSimulation.RunMany(LossyEqualSplit(settings), 1_000, seed + 100, report);
        yield return new("5b", $"5% loss of one arm's exposures caught by 100,000 users in {BanditScenarios.Share(mean)} of runs (mean over the arm losing)",
            ">= 75%", mean >= 0.75, Command(5),
            [
                $"per arm losing, at 100,000 users: {perArm}",
                $"reference: the same 5% loss of control's exposures under a fixed equal split (policy fixed, weights 1:1:1:1) is caught in {BanditScenarios.Share(equal.FlaggedAtEndRate)}",
            ]);

        static SimulationSettings LossyEqualSplit(SimulationSettings bandit) =>
            bandit with { FixedWeights = [1.0, 1.0, 1.0, 1.0], Loss = new ExposureLoss(0, 0.05) };
    }
}
