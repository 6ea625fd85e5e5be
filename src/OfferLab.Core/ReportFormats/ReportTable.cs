using System.Globalization;
using System.Text.Json;

namespace OfferLab.Core.ReportFormats;

/// <summary>
/// The per-arm table of a significance report, read from its JSON form (the fields of SPEC.md), as raw values for
/// CSV and as formatted text for Markdown, HTML and the terminal. Working on the JSON keeps every form identical to
/// what <c>GET /v1/experiments/{id}/report</c> answers, whichever program renders it.
/// </summary>
public sealed class ReportTable
{
    /// <summary>Column header, JSON path inside a variant, and how to show the value.</summary>
    private static readonly (string Header, string Path, Format Format)[] Columns =
    [
        ("arm", "id", Format.Text), ("control", "control", Format.Text), ("state", "state", Format.Text),
        ("retired_at", "retiredAt", Format.Text), ("retired_reason", "retiredReason", Format.Text),
        ("weight", "weight", Format.Percent1), ("exposures", "exposures", Format.Count), ("accepts", "accepts", Format.Count),
        ("conversion", "conversionRate", Format.Percent), ("conversion_lo", "conversionRateCI[0]", Format.Percent),
        ("conversion_hi", "conversionRateCI[1]", Format.Percent), ("revenue_per_exposure", "revenuePerExposure", Format.Money),
        ("margin_per_exposure", "marginPerExposure", Format.Money), ("core_purchase_rate", "corePurchaseRate", Format.Percent),
        ("p_best", "probabilityBest", Format.Percent1), ("expected_loss", "expectedLoss", Format.Small),
        ("lift", "liftVsControl.estimate", Format.Percent), ("lift_lo", "liftVsControl.ci[0]", Format.Percent),
        ("lift_hi", "liftVsControl.ci[1]", Format.Percent), ("lift_p_value", "liftVsControl.pValue", Format.PValue),
    ];

    private ReportTable(JsonElement report, IReadOnlyList<JsonElement> variants)
    {
        Report = report;
        Variants = variants;
    }

    private enum Format
    {
        Text,
        Count,
        Percent,
        Percent1,
        Money,
        Small,
        PValue,
    }

    public JsonElement Report { get; }

    public IReadOnlyList<JsonElement> Variants { get; }

    public static IReadOnlyList<string> Headers { get; } = [.. Columns.Select(c => c.Header)];

    /// <summary>Reads a report document; throws <see cref="JsonException"/> when it is not a report.</summary>
    public static ReportTable Parse(JsonElement report)
    {
        if (report.ValueKind != JsonValueKind.Object || !report.TryGetProperty("variants", out var variants) || variants.ValueKind != JsonValueKind.Array)
        {
            throw new JsonException("Not a significance report: no 'variants' array.");
        }

        return new ReportTable(report, [.. variants.EnumerateArray()]);
    }

    /// <summary>A top-level field as text ("" when absent or null).</summary>
    public string Field(string name) => Report.TryGetProperty(name, out var value) ? Raw(value) : "";

    /// <summary>The SRM line: "ok (p = …)", "MISMATCH (p = …)" or "not tested".</summary>
    public string Srm()
    {
        if (!Report.TryGetProperty("srm", out var srm) || srm.ValueKind != JsonValueKind.Object)
        {
            return "not tested";
        }

        var flagged = srm.TryGetProperty("flagged", out var f) && f.ValueKind == JsonValueKind.True;
        var p = srm.TryGetProperty("pValue", out var pv) && pv.ValueKind == JsonValueKind.Number ? FormatValue(pv, Format.PValue) : "–";
        return flagged ? $"MISMATCH (p = {p})" : p == "–" ? "not tested (too few exposures)" : $"ok (p = {p})";
    }

    /// <summary>Raw cells per variant (numbers in invariant round-trip form, empty for null), for CSV.</summary>
    public IEnumerable<IReadOnlyList<string>> RawRows() =>
        Variants.Select(v => (IReadOnlyList<string>)[.. Columns.Select(c => Lookup(v, c.Path) is { } value ? Raw(value) : "")]);

    /// <summary>Formatted cells per variant, for people.</summary>
    public IEnumerable<IReadOnlyList<string>> FormattedRows() =>
        Variants.Select(v => (IReadOnlyList<string>)[.. Columns.Select(c => Lookup(v, c.Path) is { } value ? FormatValue(value, c.Format) : "–")]);

    /// <summary>The decision log as (at, type, summary) lines, oldest first.</summary>
    public IEnumerable<(string At, string Type, string Summary)> Decisions() =>
        Report.TryGetProperty("decisions", out var decisions) && decisions.ValueKind == JsonValueKind.Array
            ? decisions.EnumerateArray().Select(d => (Text(d, "at"), Text(d, "type"), Text(d, "summary")))
            : [];

    private static string Text(JsonElement element, string name) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty(name, out var value) ? Raw(value) : "";

    private static JsonElement? Lookup(JsonElement element, string path)
    {
        var current = element;
        foreach (var part in path.Split('.'))
        {
            var bracket = part.IndexOf('[', StringComparison.Ordinal);
            var name = bracket < 0 ? part : part[..bracket];
            if (current.ValueKind != JsonValueKind.Object || !current.TryGetProperty(name, out current))
            {
                return null;
            }

            if (bracket >= 0)
            {
                var index = int.Parse(part[(bracket + 1)..^1], CultureInfo.InvariantCulture);
                if (current.ValueKind != JsonValueKind.Array || current.GetArrayLength() <= index)
                {
                    return null;
                }

                current = current[index];
            }
        }

        return current.ValueKind == JsonValueKind.Null ? null : current;
    }

    private static string Raw(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.String => value.GetString() ?? "",
        JsonValueKind.Number => value.GetDouble().ToString("R", CultureInfo.InvariantCulture),
        JsonValueKind.True => "true",
        JsonValueKind.False => "false",
        JsonValueKind.Null or JsonValueKind.Undefined => "",
        _ => value.GetRawText(),
    };

    private static string FormatValue(JsonElement value, Format format)
    {
        if (value.ValueKind != JsonValueKind.Number)
        {
            return value.ValueKind == JsonValueKind.True ? "yes" : value.ValueKind == JsonValueKind.False ? "" : Raw(value);
        }

        var x = value.GetDouble();
        return format switch
        {
            Format.Count => x.ToString("N0", CultureInfo.InvariantCulture),
            Format.Percent => (100 * x).ToString("F2", CultureInfo.InvariantCulture) + " %",
            Format.Percent1 => (100 * x).ToString("F1", CultureInfo.InvariantCulture) + " %",
            Format.Money => x.ToString("F4", CultureInfo.InvariantCulture),
            Format.Small => x.ToString("F6", CultureInfo.InvariantCulture),
            Format.PValue => x < 0.0001 ? "< 0.0001" : x.ToString("F4", CultureInfo.InvariantCulture),
            _ => Raw(value),
        };
    }
}
