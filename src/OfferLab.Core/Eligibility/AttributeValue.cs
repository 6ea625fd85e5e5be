using System.Globalization;
using System.Text.Json;

namespace OfferLab.Core.Eligibility;

/// <summary>
/// A session attribute sent at assign time: a string, a number or a boolean, as JSON typed it. <c>default</c> is
/// <see cref="AttributeKind.Null"/>. Audience rules compare it with the declared values by its kind
/// (see <see cref="EligibilityRules"/>).
/// </summary>
public readonly record struct AttributeValue
{
    private const int ShownLength = 64;

    private readonly string? _text;
    private readonly double _number;

    private AttributeValue(AttributeKind kind, string? text, double number)
    {
        Kind = kind;
        _text = text;
        _number = number;
    }

    public AttributeKind Kind { get; }

    /// <summary>The string, when <see cref="Kind"/> is <see cref="AttributeKind.Text"/>.</summary>
    public string? AsText => Kind == AttributeKind.Text ? _text : null;

    /// <summary>The number, when <see cref="Kind"/> is <see cref="AttributeKind.Number"/>.</summary>
    public double? AsNumber => Kind == AttributeKind.Number ? _number : null;

    /// <summary>The boolean, when <see cref="Kind"/> is <see cref="AttributeKind.Boolean"/>.</summary>
    public bool? AsBoolean => Kind == AttributeKind.Boolean ? _number != 0 : null;

    /// <summary>True for a string, number or boolean.</summary>
    public bool IsUsable => Kind is AttributeKind.Text or AttributeKind.Number or AttributeKind.Boolean;

    public static AttributeValue FromText(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        return new(AttributeKind.Text, text, 0);
    }

    /// <summary>A number; NaN and infinities are <see cref="AttributeKind.Unusable"/> (JSON cannot send them).</summary>
    public static AttributeValue FromNumber(double number) =>
        double.IsFinite(number) ? new(AttributeKind.Number, null, number) : new(AttributeKind.Unusable, null, 0);

    public static AttributeValue FromBoolean(bool value) => new(AttributeKind.Boolean, null, value ? 1 : 0);

    /// <summary>
    /// From a JSON value: strings, numbers (those a double holds) and booleans are usable; <c>null</c> is
    /// <see cref="AttributeKind.Null"/>; arrays, objects and out-of-range numbers are <see cref="AttributeKind.Unusable"/>.
    /// Never throws.
    /// </summary>
    public static AttributeValue From(JsonElement value)
    {
        switch (value.ValueKind)
        {
            case JsonValueKind.String:
                try
                {
                    return FromText(value.GetString()!);
                }
                catch (InvalidOperationException)
                {
                    return new(AttributeKind.Unusable, null, 0); // A string System.Text.Json cannot transcode.
                }

            case JsonValueKind.Number:
                return value.TryGetDouble(out var number) ? FromNumber(number) : new(AttributeKind.Unusable, null, 0);
            case JsonValueKind.True:
                return FromBoolean(true);
            case JsonValueKind.False:
                return FromBoolean(false);
            case JsonValueKind.Null:
                return default;
            default:
                return new(AttributeKind.Unusable, null, 0);
        }
    }

    /// <summary>The value as reasons show it: strings quoted (and cut at 64 characters), numbers invariant.</summary>
    public override string ToString() => Kind switch
    {
        AttributeKind.Text => "\"" + (_text!.Length <= ShownLength ? _text : string.Concat(_text.AsSpan(0, ShownLength), "…")) + "\"",
        AttributeKind.Number => _number.ToString("R", CultureInfo.InvariantCulture),
        AttributeKind.Boolean => _number != 0 ? "true" : "false",
        AttributeKind.Null => "null",
        _ => "not a string, number or boolean",
    };
}
