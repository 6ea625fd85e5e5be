using System.Globalization;
using System.Text.Json.Serialization;

namespace OfferLab.Core.Declarations;

/// <summary>
/// One targeting rule: <see cref="Attribute"/> compared with <see cref="Values"/> by <see cref="Operator"/>.
/// <c>in</c>/<c>not_in</c> hold one or more values, <c>eq</c> one; <c>lt</c>, <c>lte</c>, <c>gt</c>, <c>gte</c>
/// one number. Values keep their text form (numbers in invariant culture).
/// </summary>
public sealed record AudienceRule(string Attribute, AudienceOperator Operator, IReadOnlyList<string> Values)
{
    /// <summary>The number a comparison operator compares with (NaN for <c>in</c>, <c>not_in</c>, <c>eq</c>).</summary>
    [JsonIgnore]
    public double Threshold =>
        Operator is AudienceOperator.Lt or AudienceOperator.Lte or AudienceOperator.Gt or AudienceOperator.Gte
            ? double.Parse(Values[0], CultureInfo.InvariantCulture)
            : double.NaN;

    /// <summary>Whether a session whose attribute has <paramref name="value"/> (null: absent) satisfies the rule.</summary>
    public bool Matches(string? value) => Operator switch
    {
        AudienceOperator.In or AudienceOperator.Eq => value is not null && Values.Any(v => SameValue(v, value)),
        AudienceOperator.NotIn => value is null || !Values.Any(v => SameValue(v, value)),
        _ => double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var number) && Operator switch
        {
            AudienceOperator.Lt => number < Threshold,
            AudienceOperator.Lte => number <= Threshold,
            AudienceOperator.Gt => number > Threshold,
            _ => number >= Threshold,
        },
    };

    /// <summary>The rule as people read it, e.g. <c>tier in [gold, silver]</c>.</summary>
    public override string ToString() =>
        $"{Attribute} {EnumNames.Of(Operator)} " + (Operator is AudienceOperator.In or AudienceOperator.NotIn ? "[" + string.Join(", ", Values) + "]" : Values[0]);

    // "30" and "30.0" are the same number: compare numerically when both sides are numbers.
    private static bool SameValue(string declared, string actual) =>
        string.Equals(declared, actual, StringComparison.Ordinal) ||
        (double.TryParse(declared, NumberStyles.Float, CultureInfo.InvariantCulture, out var a) &&
         double.TryParse(actual, NumberStyles.Float, CultureInfo.InvariantCulture, out var b) && a == b);
}
