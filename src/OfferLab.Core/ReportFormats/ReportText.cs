using System.Net;
using System.Text;

namespace OfferLab.Core.ReportFormats;

/// <summary>The report's text forms: CSV (raw values, one row per arm), Markdown, standalone HTML and a terminal table.</summary>
public static class ReportText
{
    private static readonly string[] CsvLead = ["experiment", "version"];

    /// <summary>RFC 4180 CSV: a header row, then one row per arm with raw values (numbers unformatted).</summary>
    public static string Csv(ReportTable table)
    {
        ArgumentNullException.ThrowIfNull(table);
        var csv = new StringBuilder();
        csv.Append(string.Join(',', CsvLead.Concat(ReportTable.Headers).Select(Quote))).Append("\r\n");
        foreach (var row in table.RawRows())
        {
            csv.Append(string.Join(',', new[] { table.Field("experiment"), table.Field("version") }.Concat(row).Select(Quote))).Append("\r\n");
        }

        return csv.ToString();
    }

    public static string Markdown(ReportTable table)
    {
        ArgumentNullException.ThrowIfNull(table);
        var md = new StringBuilder();
        md.Append("# ").Append(Escape(table.Field("experiment"))).Append("\n\n");
        md.Append("Status **").Append(table.Field("status")).Append("**, version ").Append(table.Field("version"))
            .Append(", primary metric ").Append(table.Field("primaryMetric")).Append(", alpha ").Append(table.Field("alpha"))
            .Append(", ").Append(table.Field("periods")).Append(" periods, sample ratio ").Append(table.Srm())
            .Append(". Generated ").Append(table.Field("generatedAt")).Append(".\n\n");
        md.Append("| ").Append(string.Join(" | ", ReportTable.Headers)).Append(" |\n");
        md.Append('|').Append(string.Concat(ReportTable.Headers.Select(_ => " --- |"))).Append('\n');
        foreach (var row in table.FormattedRows())
        {
            md.Append("| ").Append(string.Join(" | ", row.Select(Escape))).Append(" |\n");
        }

        var decisions = table.Decisions().ToList();
        if (decisions.Count > 0)
        {
            md.Append("\n## Decisions\n\n");
            foreach (var (at, type, summary) in decisions)
            {
                md.Append("- ").Append(at).Append(" **").Append(Escape(type)).Append("** ").Append(Escape(summary)).Append('\n');
            }
        }

        return md.ToString();
    }

    /// <summary>A self-contained HTML document (no scripts, no external resources): summary, arm table, decisions.</summary>
    public static string Html(ReportTable table)
    {
        ArgumentNullException.ThrowIfNull(table);
        static string E(string s) => WebUtility.HtmlEncode(s);
        var html = new StringBuilder();
        html.Append("<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>OfferLab report · ")
            .Append(E(table.Field("experiment"))).Append("</title><style>body{font:14px system-ui,sans-serif;margin:2rem}")
            .Append("table{border-collapse:collapse}td,th{border:1px solid #ddd;padding:.3rem .5rem;text-align:right}")
            .Append("td:first-child,th:first-child{text-align:left}</style></head><body>");
        html.Append("<h1>").Append(E(table.Field("experiment"))).Append("</h1><p>Status <b>").Append(E(table.Field("status")))
            .Append("</b>, version ").Append(E(table.Field("version"))).Append(", primary metric ").Append(E(table.Field("primaryMetric")))
            .Append(", alpha ").Append(E(table.Field("alpha"))).Append(", ").Append(E(table.Field("periods")))
            .Append(" periods, sample ratio ").Append(E(table.Srm())).Append(". Generated ").Append(E(table.Field("generatedAt"))).Append(".</p>");
        html.Append("<table><thead><tr>").Append(string.Concat(ReportTable.Headers.Select(h => $"<th>{E(h)}</th>"))).Append("</tr></thead><tbody>");
        foreach (var row in table.FormattedRows())
        {
            html.Append("<tr>").Append(string.Concat(row.Select(c => $"<td>{E(c)}</td>"))).Append("</tr>");
        }

        html.Append("</tbody></table><h2>Decisions</h2><ol>");
        foreach (var (at, type, summary) in table.Decisions())
        {
            html.Append("<li><time>").Append(E(at)).Append("</time> <b>").Append(E(type)).Append("</b> ").Append(E(summary)).Append("</li>");
        }

        return html.Append("</ol></body></html>").ToString();
    }

    /// <summary>A fixed-width table for a terminal: the columns people read first, aligned.</summary>
    public static string Terminal(ReportTable table)
    {
        ArgumentNullException.ThrowIfNull(table);
        int[] shown = [0, 2, 5, 6, 7, 8, 9, 10, 11, 14, 15, 16, 19];
        var headers = shown.Select(i => ReportTable.Headers[i]).ToArray();
        var rows = table.FormattedRows().Select(r => shown.Select(i => r[i]).ToArray()).ToList();
        var widths = headers.Select((h, i) => Math.Max(h.Length, rows.Count == 0 ? 0 : rows.Max(r => r[i].Length))).ToArray();
        var text = new StringBuilder();
        text.Append(table.Field("experiment")).Append(" · ").Append(table.Field("status")).Append(" · version ").Append(table.Field("version"))
            .Append(" · ").Append(table.Field("periods")).Append(" periods · alpha ").Append(table.Field("alpha"))
            .Append(" · sample ratio ").Append(table.Srm()).Append('\n');
        text.Append(string.Join("  ", headers.Select((h, i) => i == 0 ? h.PadRight(widths[i]) : h.PadLeft(widths[i])))).Append('\n');
        foreach (var row in rows)
        {
            text.Append(string.Join("  ", row.Select((c, i) => i == 0 ? c.PadRight(widths[i]) : c.PadLeft(widths[i])))).Append('\n');
        }

        foreach (var (at, type, summary) in table.Decisions().TakeLast(10))
        {
            text.Append(at).Append("  ").Append(type).Append("  ").Append(summary).Append('\n');
        }

        return text.ToString();
    }

    private static string Quote(string value) =>
        value.AsSpan().IndexOfAny(",\"\r\n") >= 0 ? "\"" + value.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"" : value;

    private static string Escape(string value) => value.Replace("|", "\\|", StringComparison.Ordinal).Replace("\n", " ", StringComparison.Ordinal);
}
