using System.Globalization;
using System.Text.RegularExpressions;

namespace OfferLab.Core.Declarations.Parsing;

/// <summary>How a scalar resolves under the YAML 1.2 core schema (so <c>no</c> and <c>on</c> stay strings).</summary>
internal enum ScalarKind
{
    String,
    Null,
    Boolean,
    Number,
}

internal static partial class ScalarKinds
{
    public static ScalarKind Of(YamlScalar scalar)
    {
        if (!scalar.IsPlain)
        {
            return ScalarKind.String;
        }

        return scalar.Value switch
        {
            "" or "~" or "null" or "Null" or "NULL" => ScalarKind.Null,
            "true" or "True" or "TRUE" or "false" or "False" or "FALSE" => ScalarKind.Boolean,
            _ => NumberPattern().IsMatch(scalar.Value) ? ScalarKind.Number : ScalarKind.String,
        };
    }

    /// <summary>The number a plain scalar spells; NaN or infinity for <c>.nan</c>/<c>.inf</c> (rejected by the reader).</summary>
    public static double Number(string text) => text switch
    {
        ".inf" or ".Inf" or ".INF" or "+.inf" or "+.Inf" or "+.INF" => double.PositiveInfinity,
        "-.inf" or "-.Inf" or "-.INF" => double.NegativeInfinity,
        ".nan" or ".NaN" or ".NAN" => double.NaN,
        _ when text.StartsWith("0x", StringComparison.Ordinal) => long.Parse(text[2..], NumberStyles.HexNumber, CultureInfo.InvariantCulture),
        _ when text.StartsWith("0o", StringComparison.Ordinal) => Convert.ToInt64(text[2..], 8),
        _ => double.Parse(text, NumberStyles.Float, CultureInfo.InvariantCulture),
    };

    public static string Describe(YamlNode node) => node switch
    {
        YamlMapping => "a mapping",
        YamlSequence => "a list",
        YamlScalar s => Of(s) switch
        {
            ScalarKind.Null => "null",
            ScalarKind.Boolean => "a boolean",
            ScalarKind.Number => "a number",
            _ => "a string",
        },
        _ => "an alias",
    };

    [GeneratedRegex(@"^([-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?|0x[0-9a-fA-F]{1,15}|0o[0-7]{1,20}|[-+]?\.(inf|Inf|INF)|\.(nan|NaN|NAN))$", RegexOptions.CultureInvariant)]
    private static partial Regex NumberPattern();
}
