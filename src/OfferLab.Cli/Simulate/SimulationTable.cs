using System.Globalization;
using System.Text;
using OfferLab.Core.Simulation;

namespace OfferLab.Cli.Simulate;

/// <summary>The readable form: a heading, one row per variant, then regret and retirement shares.</summary>
internal static class SimulationTable
{
    public static string Write(SimulationRequest request, SimulationSummary summary)
    {
        var text = new StringBuilder();
        var ids = request.Declaration.Variants.Select(v => v.Id + (v.IsControl && v.Id != "control" ? " (control)" : "")).ToArray();
        var width = Math.Max("variant".Length, ids.Max(i => i.Length));
        Line(text, $"{request.Declaration.Id}: {summary.Runs:N0} runs x {summary.Users:N0} users, a period every {request.Settings.PeriodUsers:N0} users, {request.Policy} policy, seed {request.Seed}");
        Line(text, "");
        Line(text, $"{"variant".PadRight(width)}  {"true rate",9}  {"mean exposures",14}  {"retired in",10}  {"median retired at user",22}");
        for (var k = 0; k < summary.Arms.Count; k++)
        {
            var arm = summary.Arms[k];
            var median = arm.MedianRetiredAtUser is { } m ? m.ToString("N0", CultureInfo.InvariantCulture) : "never";
            Line(text, $"{ids[k].PadRight(width)}  {arm.TrueRate,9:0.0####}  {arm.MeanExposures,14:N1}  {arm.RetiredRate,10:P1}  {median,22}");
        }

        Line(text, "");
        Line(text, $"mean regret      {summary.MeanRegret:N1} ± {summary.RegretStdErr:N1} (standard error); equal split: {summary.UniformRegret:N1}");
        Line(text, $"best arm retired in {summary.BestRetiredRate:P1} of runs; any arm retired in {summary.AnyRetiredRate:P1} of runs");
        return text.ToString();
    }

    private static void Line(StringBuilder text, string line) => text.Append(line).Append('\n');
}
