using System.Text.Json;
using OfferLab.Core.ReportFormats;

namespace OfferLab.Core.Tests.ReportFormats;

public sealed class ReportTextTests
{
    private const string Report = """
        {
          "experiment": "burger-sides", "version": 3, "status": "running", "generatedAt": "2026-12-01T10:00:00+00:00",
          "alpha": 0.05, "primaryMetric": "conversion", "periods": 12, "srm": { "pValue": 0.42, "flagged": false },
          "decisions": [
            { "at": "2026-12-01T09:00:00+00:00", "type": "weights", "summary": "period 11 closed" },
            { "at": "2026-12-01T09:10:00+00:00", "type": "retired", "summary": "combo: upper 0.031 < best lower 0.045" }
          ],
          "variants": [
            { "id": "control", "control": true, "state": "active", "retiredAt": null, "retiredReason": null, "weight": 0.5,
              "exposures": 12000, "accepts": 0, "conversionRate": 0, "conversionRateCI": [0, 0.0004],
              "revenuePerExposure": 0, "marginPerExposure": 0, "corePurchaseRate": 0.61, "probabilityBest": 0, "expectedLoss": 0.05 },
            { "id": "fries", "control": false, "state": "active", "retiredAt": null, "retiredReason": null, "weight": 0.5,
              "exposures": 11000, "accepts": 660, "conversionRate": 0.06, "conversionRateCI": [0.052, 0.069],
              "revenuePerExposure": 0.1494, "marginPerExposure": 0.096, "corePurchaseRate": 0.6, "probabilityBest": 0.999,
              "expectedLoss": 1.2e-7, "liftVsControl": { "estimate": 0.06, "ci": [0.05, 0.07], "pValue": 1e-9 } },
            { "id": "combo, \"large\"", "control": false, "state": "retired", "retiredAt": "2026-12-01T09:10:00+00:00",
              "retiredReason": "loser", "weight": 0, "exposures": 900, "accepts": 18, "conversionRate": 0.02,
              "conversionRateCI": [0.01, 0.031], "revenuePerExposure": 0.0798, "marginPerExposure": 0.042,
              "corePurchaseRate": 0.59, "probabilityBest": 0.001, "expectedLoss": 0.04,
              "liftVsControl": { "estimate": 0.02, "ci": [0.01, 0.03], "pValue": 0.0123 } }
          ]
        }
        """;

    private static ReportTable Table() => ReportTable.Parse(JsonDocument.Parse(Report).RootElement);

    [Fact]
    public void Csv_has_one_row_per_arm_with_raw_values_and_quotes_what_needs_quoting()
    {
        var lines = ReportText.Csv(Table()).Split("\r\n", StringSplitOptions.RemoveEmptyEntries);

        Assert.Equal(4, lines.Length);
        Assert.StartsWith("experiment,version,arm,control,state,retired_at,retired_reason,weight,exposures,accepts,conversion,", lines[0], StringComparison.Ordinal);
        Assert.Equal("burger-sides,3,fries,false,active,,,0.5,11000,660,0.06,0.052,0.069,0.1494,0.096,0.6,0.999,1.2E-07,0.06,0.05,0.07,1E-09", lines[2]);
        Assert.StartsWith("burger-sides,3,\"combo, \"\"large\"\"\",false,retired,2026-12-01T09:10:00+00:00,loser,0,900,", lines[3], StringComparison.Ordinal);
        Assert.EndsWith(",,,,", lines[1], StringComparison.Ordinal);
    }

    [Fact]
    public void Markdown_is_a_table_of_formatted_values_with_the_decisions()
    {
        var md = ReportText.Markdown(Table());

        Assert.Contains("# burger-sides", md, StringComparison.Ordinal);
        Assert.Contains("sample ratio ok (p = 0.4200)", md, StringComparison.Ordinal);
        Assert.Contains("| fries |  | active | – | – | 50.0 % | 11,000 | 660 | 6.00 % | 5.20 % | 6.90 % | 0.1494 | 0.0960 | 60.00 % | 99.9 % | 0.000000 | 6.00 % | 5.00 % | 7.00 % | < 0.0001 |", md, StringComparison.Ordinal);
        Assert.Contains("| control | yes | active |", md, StringComparison.Ordinal);
        Assert.Contains("- 2026-12-01T09:10:00+00:00 **retired** combo: upper 0.031 < best lower 0.045", md, StringComparison.Ordinal);
        Assert.Equal(3, md.Split('\n').Count(l => l.StartsWith("| ", StringComparison.Ordinal) && !l.StartsWith("| arm", StringComparison.Ordinal) && !l.StartsWith("| ---", StringComparison.Ordinal)));
    }

    [Fact]
    public void Html_encodes_every_value_and_loads_nothing()
    {
        var html = ReportText.Html(Table());

        Assert.Contains("<td>combo, &quot;large&quot;</td>", html, StringComparison.Ordinal);
        Assert.Contains("upper 0.031 &lt; best lower 0.045", html, StringComparison.Ordinal);
        Assert.DoesNotContain("<script", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("http", html, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public void The_terminal_table_aligns_its_columns()
    {
        var lines = ReportText.Terminal(Table()).Split('\n');

        Assert.StartsWith("burger-sides · running · version 3", lines[0], StringComparison.Ordinal);
        var header = lines[1];
        Assert.StartsWith("arm", header, StringComparison.Ordinal);
        Assert.All(lines.Skip(2).Take(3), row => Assert.Equal(header.Length, row.Length));
        Assert.Contains("retired", lines[4], StringComparison.Ordinal);
    }

    [Fact]
    public void A_document_without_variants_is_refused()
    {
        Assert.Throws<JsonException>(() => ReportTable.Parse(JsonDocument.Parse("""{"title":"x"}""").RootElement));
    }
}
