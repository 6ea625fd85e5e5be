using System.Globalization;
using OfferLab.Core.Declarations;

namespace OfferLab.Core.Eligibility;

/// <summary>
/// One audience rule against one session attribute. The declaration keeps rule values as text (numbers in invariant
/// form), so the attribute's JSON kind decides how they are read: a string is compared ordinally with the text, a
/// number numerically with the values that are numbers, a boolean with the values <c>true</c>/<c>false</c>.
/// </summary>
internal static class AudienceCheck
{
    /// <summary>Null when the rule holds; otherwise why not, without the <c>audience.rules[i]: </c> prefix.</summary>
    public static string? Explain(AudienceRule rule, bool present, AttributeValue value)
    {
        var name = rule.Attribute;
        if (!present || value.Kind == AttributeKind.Null)
        {
            // A missing attribute is outside every list: not_in holds (as AudienceOperator.NotIn documents).
            return rule.Operator == AudienceOperator.NotIn ? null : $"attribute '{name}' {(present ? "is null" : "missing")}";
        }

        if (!value.IsUsable)
        {
            return $"attribute '{name}' is not a string, number or boolean";
        }

        switch (rule.Operator)
        {
            case AudienceOperator.In:
                return EqualsAny(rule.Values, value) ? null : $"{name} is {value}, not in {List(rule.Values)}";
            case AudienceOperator.Eq:
                return EqualsAny(rule.Values, value) ? null : $"{name} is {value}, not {First(rule.Values)}";
            case AudienceOperator.NotIn:
                return EqualsAny(rule.Values, value) ? $"{name} is {value}, which not_in {List(rule.Values)} excludes" : null;
        }

        if (value.AsNumber is not { } number)
        {
            return $"{name} is {value}, not a number";
        }

        if (!TryNumber(First(rule.Values), out var threshold))
        {
            return $"the rule has no number to compare {name} with";
        }

        var (holds, symbol) = rule.Operator switch
        {
            AudienceOperator.Lt => (number < threshold, "<"),
            AudienceOperator.Lte => (number <= threshold, "<="),
            AudienceOperator.Gt => (number > threshold, ">"),
            _ => (number >= threshold, ">="),
        };
        return holds ? null : $"{name} is {value}, not {symbol} {threshold.ToString("R", CultureInfo.InvariantCulture)}";
    }

    private static bool EqualsAny(IReadOnlyList<string>? declared, AttributeValue value)
    {
        if (declared is null)
        {
            return false;
        }

        foreach (var item in declared)
        {
            if (item is not null && Same(item, value))
            {
                return true;
            }
        }

        return false;
    }

    private static bool Same(string declared, AttributeValue value) => value.Kind switch
    {
        AttributeKind.Text => string.Equals(declared, value.AsText, StringComparison.Ordinal),
        AttributeKind.Number => TryNumber(declared, out var number) && number == value.AsNumber,
        AttributeKind.Boolean => bool.TryParse(declared, out var flag) && flag == value.AsBoolean,
        _ => false,
    };

    private static bool TryNumber(string? text, out double number) =>
        double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out number) && double.IsFinite(number);

    private static string? First(IReadOnlyList<string>? values) => values is { Count: > 0 } ? values[0] : null;

    private static string List(IReadOnlyList<string>? values) => "[" + string.Join(", ", values ?? []) + "]";
}
