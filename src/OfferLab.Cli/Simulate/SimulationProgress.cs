using Spectre.Console;

namespace OfferLab.Cli.Simulate;

/// <summary>
/// Runs the simulation with a progress bar on stderr when stderr is a terminal, and silently otherwise, so that
/// piped or captured output (and <c>--json</c> on stdout) never carries control sequences.
/// </summary>
internal static class SimulationProgress
{
    public static async Task<T> RunAsync<T>(int runs, Func<Action, T> work)
    {
        if (Console.IsErrorRedirected)
        {
            return await Task.Run(() => work(() => { }));
        }

        var console = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(Console.Error) });
        return await console.Progress()
            .AutoClear(true)
            .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new RemainingTimeColumn())
            .StartAsync(async context =>
            {
                var task = context.AddTask($"simulating {runs:N0} runs", maxValue: runs);

                // ProgressTask.Increment takes its own lock, so worker threads may call it directly.
                return await Task.Run(() => work(() => task.Increment(1)));
            });
    }
}
