using System.Globalization;
using System.Text.Json;

namespace OfferLab.Benchmarks.Statistics;

/// <summary>
/// Scenarios 1, 2, 3 and 6: each figure comes from one <c>offerlab simulate --json</c> run of a scenario file, so the
/// benchmark measures the command users run and the same period close the server runs.
/// </summary>
internal sealed class BanditScenarios(SimulateProcess simulate, ulong seed)
{
    public const string FourArms = "benchmarks/OfferLab.Benchmarks.Statistics/Scenarios/four-arms.yaml";
    public const string PureThompson = "benchmarks/OfferLab.Benchmarks.Statistics/Scenarios/pure-thompson.yaml";
    public const string Ladder = "control=0.05,offer-b=0.04,offer-c=0.03,offer-d=0.02";
    private const double Alpha = 0.05;

    // Lai–Robbins: Σ gap / KL(μ_k, μ*) = 15.44 for these arms, so regret grows at least 15.44 · ln 10 = 35.6 per tenfold horizon.
    private const double LaiRobbinsPerDecade = 35.6;

    private TimeSpan? _ladderWall;
    private string? _ladderCommand;

    /// <summary>1. Four equal arms at 0.05: share of runs with any arm retired.</summary>
    public IEnumerable<ScenarioResult> EqualArms()
    {
        var (json, wall, command) = simulate.Run(FourArms, "control=0.05,offer-b=0.05,offer-c=0.05,offer-d=0.05", 200_000, 1_000, 1_000, seed);
        var any = json.GetProperty("anyRetiredRate").GetDouble();
        yield return new("1", $"any arm retired in {Share(any)} of 1,000 runs", $"<= {Share(Alpha)} (alpha)", any <= Alpha, command,
            [$"every arm is a best arm here, so this is also bestRetiredRate = {Share(json.GetProperty("bestRetiredRate").GetDouble())}", $"wall {Seconds(wall)}"]);
    }

    /// <summary>2. Arms [0.05, 0.04, 0.03, 0.02], uniform share 0.1: the best arm kept, the worst retired early.</summary>
    public IEnumerable<ScenarioResult> Ladder4()
    {
        var (json, wall, command) = simulate.Run(FourArms, Ladder, 200_000, 500, 1_000, seed);
        (_ladderWall, _ladderCommand) = (wall, command);
        var best = json.GetProperty("bestRetiredRate").GetDouble();
        var worst = json.GetProperty("variants").GetProperty("offer-d");
        var third = json.GetProperty("variants").GetProperty("offer-c");
        var worstRate = worst.GetProperty("retiredRate").GetDouble();
        var worstMedian = Median(worst);
        string[] notes =
        [
            $"mean regret {json.GetProperty("meanRegret").GetDouble():N1} ± {json.GetProperty("regretStdErr").GetDouble():N1} (equal split {json.GetProperty("uniformRegret").GetDouble():N0}; reference about 187)",
            $"the 0.03 arm retired in {Share(third.GetProperty("retiredRate").GetDouble())}, median at user {Users(Median(third))} (reference about 68k)",
        ];
        yield return new("2a", $"best arm (0.05) retired in {Share(best)} of 500 runs", $"<= {Share(0.05)}", best <= 0.05, command, notes);
        yield return new("2b", $"the 0.02 arm retired in {Share(worstRate)} of runs", $">= {Share(0.95)}", worstRate >= 0.95, command, []);
        yield return new("2c", $"the 0.02 arm's median retirement at user {Users(worstMedian)}", "<= 50,000 (reference about 30k)", worstMedian <= 50_000, command, []);
    }

    /// <summary>
    /// 3. Pure Thompson: regret at 10⁵ users, and its growth to 10⁶. Both commands use the same seed and runs, and a run
    /// of 10⁵ users is exactly the first 10⁵ users of the run with the same seed at 10⁶, so the growth is paired.
    /// </summary>
    public IEnumerable<ScenarioResult> PureThompsonRegret(int runs)
    {
        var (atFive, _, fiveCommand) = simulate.Run(PureThompson, Ladder, 100_000, runs, 1_000, seed);
        var (atSix, wall, sixCommand) = simulate.Run(PureThompson, Ladder, 1_000_000, runs, 1_000, seed);
        var r5 = atFive.GetProperty("meanRegret").GetDouble();
        var r6 = atSix.GetProperty("meanRegret").GetDouble();
        var growth = r6 - r5;
        yield return new("3a", $"mean regret at 100,000 users {r5:N1} ± {atFive.GetProperty("regretStdErr").GetDouble():N1} ({runs} runs)", "<= 80 (per-request Thompson 65, equal split 1,500)", r5 <= 80, fiveCommand,
            [$"any arm retired in {Share(atFive.GetProperty("anyRetiredRate").GetDouble())} of runs"]);
        var (low, high) = (0.7 * LaiRobbinsPerDecade, 1.3 * LaiRobbinsPerDecade);
        yield return new("3b", $"growth 1e5 -> 1e6 users {growth:N1} = {growth / LaiRobbinsPerDecade:0.00} x 35.6 (regret at 1e6 {r6:N1} ± {atSix.GetProperty("regretStdErr").GetDouble():N1})",
            $"{low:N1} .. {high:N1} (0.7-1.3 x 35.6)", growth >= low && growth <= high, sixCommand,
            [$"any arm retired by 1e6 users in {Share(atSix.GetProperty("anyRetiredRate").GetDouble())} of runs", $"wall {Seconds(wall)} for the 1e6 command"]);
    }

    /// <summary>6. Wall time of 500 runs x 200,000 users of scenario 2 (reuses scenario 2's run when it ran).</summary>
    public IEnumerable<ScenarioResult> Speed()
    {
        if (_ladderWall is null)
        {
            var (_, wall, command) = simulate.Run(FourArms, Ladder, 200_000, 500, 1_000, seed);
            (_ladderWall, _ladderCommand) = (wall, command);
        }

        var seconds = _ladderWall!.Value.TotalSeconds;
        yield return new("6", $"500 runs x 200,000 users of scenario 2 in {Seconds(_ladderWall.Value)} wall ({Environment.ProcessorCount} cores, process start included)", "<= 60 s", seconds <= 60, _ladderCommand!,
            [$"{500.0 * 200_000 / seconds / 1e6:N1} million simulated users/s, {500.0 * 200 / seconds:N0} period closes/s"]);
    }

    private static double Median(JsonElement variant) =>
        variant.GetProperty("medianRetiredAtUser").ValueKind == JsonValueKind.Null ? double.PositiveInfinity : variant.GetProperty("medianRetiredAtUser").GetDouble();

    internal static string Share(double value) => (value * 100).ToString("0.0#", CultureInfo.InvariantCulture) + "%";

    private static string Users(double value) => double.IsFinite(value) ? value.ToString("N0", CultureInfo.InvariantCulture) : "never";

    private static string Seconds(TimeSpan wall) => wall.TotalSeconds.ToString("0.0", CultureInfo.InvariantCulture) + " s";
}
