using System.CommandLine;
using OfferLab.Cli.Apply;
using OfferLab.Cli.Report;
using OfferLab.Cli.Simulate;
using OfferLab.Cli.Validation;

namespace OfferLab.Cli;

/// <summary>The <c>offerlab</c> command tree. Exit codes: 0 success, 1 invalid or failed, 2 usage.</summary>
internal static class CommandLine
{
    public const int Ok = 0;
    public const int Failed = 1;
    public const int Usage = 2;

    public static async Task<int> RunAsync(string[] args)
    {
        var root = new RootCommand("offerlab: declare, apply and read cross-sell offer experiments.")
        {
            ValidateCommand.Create(),
            ApplyCommand.Create(),
            SimulateCommand.Create(),
            ReportCommand.Create(),
        };

        var parse = root.Parse(args);
        if (parse.Errors.Count > 0)
        {
            foreach (var error in parse.Errors)
            {
                await Console.Error.WriteLineAsync("offerlab: " + error.Message);
            }

            await Console.Error.WriteLineAsync("Run 'offerlab --help' for usage.");
            return Usage;
        }

        return await parse.InvokeAsync();
    }
}
