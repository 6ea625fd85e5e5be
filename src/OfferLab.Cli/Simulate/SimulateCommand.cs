using System.CommandLine;
using System.Globalization;
using OfferLab.Core.Declarations;
using OfferLab.Core.Simulation;

namespace OfferLab.Cli.Simulate;

/// <summary>
/// <c>offerlab simulate FILE --truth NAME=RATE,... [--users N] [--runs R] [--period-users P] [--seed S] [--json]</c>:
/// replays an experiment file against known true rates through the allocation and retirement code the server runs
/// (<see cref="BanditSimulation"/> over the shared period close). Exit 0 on success; 1 when the file is invalid or
/// <c>--truth</c> does not fit it; 2 on usage errors.
/// </summary>
internal static class SimulateCommand
{
    public static Command Create()
    {
        var file = new Argument<string>("file") { Description = "The experiment declaration to simulate (every allocation and stopping setting is read from it)." };
        var truth = new Option<string>("--truth")
        {
            Description = "True accept probability of every variant, by id: control=0.05,fries=0.04,...",
            Required = true,
        };
        var users = Positive("--users", "Users per run", 100_000);
        var runs = Positive("--runs", "Independent runs, in parallel over the cores", 100);
        var periodUsers = Positive("--period-users", "A period closes every this many users (weights and retirement re-evaluated); stands in for the file's period", 1_000);
        var seed = new Option<ulong>("--seed") { Description = "Seed; run i uses a seed derived from it and i, so identical arguments give identical results", DefaultValueFactory = _ => 1UL };
        var json = new Option<bool>("--json")
        {
            Description = "Print one JSON object: runs, users, meanRegret, regretStdErr, uniformRegret, bestRetiredRate, anyRetiredRate, "
                + "and variants as an object keyed by variant id (declared order), each with trueRate, meanExposures, retiredRate, medianRetiredAtUser (null if never)",
        };
        var command = new Command("simulate", "Replay an experiment file against known true rates, through the same allocation and retirement code the server runs.")
        {
            file, truth, users, runs, periodUsers, seed, json,
        };
        command.SetAction(async (parse, cancel) =>
        {
            var path = parse.GetValue(file)!;
            if (!File.Exists(path))
            {
                await Console.Error.WriteLineAsync($"offerlab simulate: no such file: '{path}'");
                return CommandLine.Usage;
            }

            var parsed = DeclarationParser.ParseFile(path, path.Replace('\\', '/'));
            if (!parsed.IsValid)
            {
                foreach (var error in parsed.Errors)
                {
                    await Console.Error.WriteLineAsync(error.ToString());
                }

                await Console.Error.WriteLineAsync($"offerlab simulate: {path} is invalid ({parsed.Errors.Count} {(parsed.Errors.Count == 1 ? "error" : "errors")}); nothing was simulated");
                return CommandLine.Failed;
            }

            var declaration = parsed.Declaration!;
            var (rates, problems) = TruthRates.Parse(parse.GetValue(truth)!, declaration);
            if (rates is null)
            {
                foreach (var problem in problems)
                {
                    await Console.Error.WriteLineAsync("offerlab simulate: --truth: " + problem);
                }

                return CommandLine.Failed;
            }

            var settings = SimulationSettings.FromDeclaration(declaration, rates, parse.GetValue(users), parse.GetValue(periodUsers));
            var request = new SimulationRequest(declaration, settings, parse.GetValue(runs), parse.GetValue(seed));
            var summary = await SimulationProgress.RunAsync(request.Runs, tick =>
                SimulationBatch.Run(request.Settings, request.Runs, request.Seed, tick, cancellation: cancel));
            await Console.Out.WriteAsync(parse.GetValue(json) ? SimulationJson.Write(request, summary) + "\n" : SimulationTable.Write(request, summary));
            return CommandLine.Ok;
        });
        return command;
    }

    // Out-of-range values are parse errors, which the root turns into exit 2 like any other usage error.
    private static Option<int> Positive(string name, string description, int fallback)
    {
        var option = new Option<int>(name) { Description = description, DefaultValueFactory = _ => fallback };
        option.Validators.Add(result =>
        {
            // Only a well-formed number is checked here: the parser already reports one that is not an integer.
            if (result.Tokens.Count > 0 && int.TryParse(result.Tokens[^1].Value, NumberStyles.Integer, CultureInfo.InvariantCulture, out var value) && value < 1)
            {
                result.AddError($"{name} must be at least 1; got {value}");
            }
        });
        return option;
    }
}
