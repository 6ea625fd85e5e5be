using System.Globalization;
using OfferLab.Benchmarks.Statistics;

// Statistical benchmark of issue 6: prints, per scenario, the figure, the target, PASS/MISS and the exact command that
// produced it. Scenarios 1-3 and 6 run the built `offerlab simulate --json`; 4 and 5 are Core-level seeded simulations.
//   benchmarks/statistics.sh [--only 1,2,...] [--seed S] [--thompson-runs R]
var only = Option(args, "--only", "1,2,3,4,5,6").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).ToHashSet();
var seed = ulong.Parse(Option(args, "--seed", "1"), CultureInfo.InvariantCulture);
var thompsonRuns = int.Parse(Option(args, "--thompson-runs", "200"), CultureInfo.InvariantCulture);
var root = FindRoot();

Console.WriteLine($"OfferLab statistical benchmark: seed {seed}, {Environment.ProcessorCount} cores, {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC");
Console.WriteLine("Defaults unless a scenario says otherwise: alpha 0.05, min_exposures 500, margin 0, burn_in 100, floor 0.01, retire_losers true, a period every 1,000 users.");
var bandit = new BanditScenarios(new SimulateProcess(root), seed);
var monitoring = new MonitoringScenarios(root, seed);
var scenarios = new (string Number, string Title, Func<IEnumerable<ScenarioResult>> Run)[]
{
    ("1", "four equal arms at 0.05, uniform_share 0.1, 1,000 runs x 200,000 users", bandit.EqualArms),
    ("2", "arms 0.05/0.04/0.03/0.02, uniform_share 0.1, 500 runs x 200,000 users", bandit.Ladder4),
    ("3", $"pure Thompson (uniform_share 0, floor 0, a period every 1,000 users), same arms, {thompsonRuns} runs", () => bandit.PureThompsonRegret(thompsonRuns)),
    ("4", "A/A lift vs control checked after every period (0.05 vs 0.05, equal split, 200 periods x 200 users), 2,000 runs", () => monitoring.AaLift(() => { })),
    ("5", "SRM with the weights in force (chi-square and per-arm tests, p < 0.001, expected counts >= 5), scenario-2 bandit, 20 periods x 5,000 users", () => monitoring.Srm(() => { })),
    ("6", "speed: 500 runs x 200,000 users of scenario 2", bandit.Speed),
};

var results = new List<ScenarioResult>();
foreach (var (number, title, run) in scenarios.Where(s => only.Contains(s.Number)))
{
    Console.Error.WriteLine($"running scenario {number}...");
    Console.WriteLine();
    Console.WriteLine($"[{number}] {title}");
    foreach (var result in run())
    {
        results.Add(result);
        Console.WriteLine($"  {result.Id,-3} {result.Verdict}  {result.Figure}");
        Console.WriteLine($"      target:  {result.Target}");
        foreach (var note in result.Notes)
        {
            Console.WriteLine($"      note:    {note}");
        }

        Console.WriteLine($"      command: {result.Command}");
    }
}

Console.WriteLine();
Console.WriteLine($"{results.Count(r => r.Pass)} PASS, {results.Count(r => !r.Pass)} MISS"
    + (results.Any(r => !r.Pass) ? ": " + string.Join(", ", results.Where(r => !r.Pass).Select(r => r.Id)) : ""));
return 0;

static string Option(string[] args, string name, string fallback)
{
    var i = Array.IndexOf(args, name);
    return i >= 0 && i + 1 < args.Length ? args[i + 1] : fallback;
}

static string FindRoot()
{
    foreach (var start in new[] { Directory.GetCurrentDirectory(), AppContext.BaseDirectory })
    {
        for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "OfferLab.sln")))
            {
                return dir.FullName;
            }
        }
    }

    throw new InvalidOperationException("Run from inside the OfferLab repository (no OfferLab.sln found).");
}
