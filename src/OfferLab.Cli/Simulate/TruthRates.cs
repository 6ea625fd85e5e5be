using System.Globalization;
using OfferLab.Core.Declarations;

namespace OfferLab.Cli.Simulate;

/// <summary>
/// Reads <c>--truth NAME=RATE,...</c> against a declaration: every variant needs exactly one rate in [0, 1], and
/// every name must be a variant. All problems are reported together, like the declaration errors.
/// </summary>
internal static class TruthRates
{
    /// <summary>The true rates in declared variant order, or every problem found (then the rates are null).</summary>
    public static (double[]? Rates, IReadOnlyList<string> Problems) Parse(string text, ExperimentDeclaration declaration)
    {
        var problems = new List<string>();
        var given = new Dictionary<string, double>(StringComparer.Ordinal);
        var named = new HashSet<string>(StringComparer.Ordinal);
        foreach (var raw in text.Split(',', StringSplitOptions.TrimEntries))
        {
            var equals = raw.IndexOf('=', StringComparison.Ordinal);
            if (equals <= 0)
            {
                problems.Add(raw.Length == 0 ? "an empty entry; write NAME=RATE,NAME=RATE" : $"'{raw}' is not NAME=RATE");
                continue;
            }

            var name = raw[..equals].Trim();
            var value = raw[(equals + 1)..].Trim();
            var repeated = !named.Add(name);
            if (!double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var rate) || !(rate >= 0.0 && rate <= 1.0))
            {
                problems.Add($"{name}: the rate must be a number in [0, 1]; got '{value}'");
            }
            else if (declaration.FindVariant(name) is null)
            {
                problems.Add($"{name}: no such variant in {declaration.Id} (variants: {string.Join(", ", declaration.Variants.Select(v => v.Id))})");
            }
            else if (repeated)
            {
                problems.Add($"{name}: given more than once");
            }
            else
            {
                given[name] = rate;
            }
        }

        var missing = declaration.Variants.Where(v => !named.Contains(v.Id)).Select(v => v.Id).ToList();
        if (missing.Count > 0)
        {
            problems.Add($"no rate for {string.Join(", ", missing)}; every variant needs one");
        }

        return problems.Count > 0 ? (null, problems) : ([.. declaration.Variants.Select(v => given[v.Id])], problems);
    }
}
