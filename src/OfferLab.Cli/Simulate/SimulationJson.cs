using System.Text;
using System.Text.Json;
using OfferLab.Core.Simulation;

namespace OfferLab.Cli.Simulate;

/// <summary>
/// The <c>--json</c> form: one object with the SPEC keys (<c>runs</c>, <c>users</c>, <c>meanRegret</c>,
/// <c>regretStdErr</c>, <c>uniformRegret</c>, <c>bestRetiredRate</c>, <c>anyRetiredRate</c>, <c>variants</c>) plus
/// what reproduces it (<c>experiment</c>, <c>policy</c>, <c>periodUsers</c>, <c>seed</c>). <c>variants</c> is an
/// object keyed by variant id, in declared order, each with <c>trueRate</c>, <c>meanExposures</c>,
/// <c>retiredRate</c> and <c>medianRetiredAtUser</c> (null if never retired).
/// </summary>
internal static class SimulationJson
{
    public static string Write(SimulationRequest request, SimulationSummary summary)
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = true }))
        {
            json.WriteStartObject();
            json.WriteString("experiment", request.Declaration.Id);
            json.WriteString("policy", request.Policy);
            json.WriteNumber("runs", summary.Runs);
            json.WriteNumber("users", summary.Users);
            json.WriteNumber("periodUsers", request.Settings.PeriodUsers);
            json.WriteNumber("seed", request.Seed);
            json.WriteNumber("meanRegret", summary.MeanRegret);
            json.WriteNumber("regretStdErr", summary.RegretStdErr);
            json.WriteNumber("uniformRegret", summary.UniformRegret);
            json.WriteNumber("bestRetiredRate", summary.BestRetiredRate);
            json.WriteNumber("anyRetiredRate", summary.AnyRetiredRate);
            json.WriteStartObject("variants");
            for (var k = 0; k < summary.Arms.Count; k++)
            {
                var arm = summary.Arms[k];
                json.WriteStartObject(request.Declaration.Variants[k].Id);
                json.WriteBoolean("control", request.Declaration.Variants[k].IsControl);
                json.WriteNumber("trueRate", arm.TrueRate);
                json.WriteNumber("meanExposures", arm.MeanExposures);
                json.WriteNumber("retiredRate", arm.RetiredRate);
                if (arm.MedianRetiredAtUser is { } median)
                {
                    json.WriteNumber("medianRetiredAtUser", median);
                }
                else
                {
                    json.WriteNull("medianRetiredAtUser");
                }

                json.WriteEndObject();
            }

            json.WriteEndObject();
            json.WriteEndObject();
        }

        return Encoding.UTF8.GetString(buffer.ToArray());
    }
}
