using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using OfferLab.Core.Declarations;
using OfferLab.Core.Reports;

// Report generation time for 10 arms x 1,000 periods (target <= 100 ms): builds the report from counts and
// serializes it to JSON, as GET /v1/experiments/{id}/report does, 5 warm-up rounds then 30 measured.
//   dotnet run -c Release --project benchmarks/OfferLab.Benchmarks.Report
const int Arms = 10;
const int Periods = 1000;
var offers = Enumerable.Range(1, Arms - 1).Select(i => $"offer-{i}").ToArray();
var yaml = "apiVersion: offerlab/v1\nid: bench-report\nname: Report benchmark\nplacement: cart\nvariants:\n  - id: control\n    control: true\n    offer: null\n"
    + string.Concat(offers.Select(o => $"  - id: {o}\n    offer: {{ sku: {o.ToUpperInvariant()}, title: {o}, price: 2.0, margin: 1.0 }}\n"));
var declaration = DeclarationParser.Parse(yaml, "bench-report.yaml").Declaration ?? throw new InvalidOperationException("bad declaration");
var random = new Random(1);
var start = new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);
var periods = Enumerable.Range(0, Periods).Select(p => new ReportPeriod(p, start.AddMinutes(10 * p), start.AddMinutes(10 * (p + 1)),
    [.. offers.Prepend("control").Select(id =>
    {
        var exposures = (long)random.Next(50, 150);
        var accepts = id == "control" ? 0 : (long)random.Next(0, (int)(exposures / 5));
        return new ReportArmCounts(id, 1.0 / Arms, exposures, accepts, exposures / 2, accepts * 2.0, accepts * 4.0);
    })])).ToList();
var input = new ReportInput(declaration, 1, "running", periods, [], [], start.AddDays(10));
var json = new JsonSerializerOptions(JsonSerializerDefaults.Web);

for (var i = 0; i < 5; i++)
{
    JsonSerializer.Serialize(ReportBuilder.Build(input), json);
}

var times = new List<double>();
var bytes = 0;
for (var i = 0; i < 30; i++)
{
    var clock = Stopwatch.StartNew();
    bytes = JsonSerializer.Serialize(ReportBuilder.Build(input), json).Length;
    times.Add(clock.Elapsed.TotalMilliseconds);
}

times.Sort();
string Ms(double value) => value.ToString("F1", CultureInfo.InvariantCulture);
Console.WriteLine($"report for {Arms} arms x {Periods:N0} periods ({ReportBuilder.MaxSeriesPoints} series points, {bytes:N0} characters of JSON), {Environment.ProcessorCount} cores:");
Console.WriteLine($"  median {Ms(times[times.Count / 2])} ms, p95 {Ms(times[(int)(times.Count * 0.95)])} ms, max {Ms(times[^1])} ms over {times.Count} builds");
Console.WriteLine($"  target <= 100 ms: {(times[times.Count / 2] <= 100 ? "met" : "MISSED")} (median)");
Console.WriteLine("  command: dotnet run -c Release --project benchmarks/OfferLab.Benchmarks.Report");
