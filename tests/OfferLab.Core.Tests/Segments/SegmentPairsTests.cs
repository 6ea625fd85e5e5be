using FsCheck;
using FsCheck.Xunit;
using OfferLab.Core.Eligibility;
using OfferLab.Core.Segments;

namespace OfferLab.Core.Tests.Segments;

public sealed class SegmentPairsTests
{
    [Fact]
    public void Attributes_encode_sorted_with_numbers_and_booleans_in_invariant_form()
    {
        var encoded = SegmentPairs.Encode(new Dictionary<string, AttributeValue>
        {
            ["tier"] = AttributeValue.FromText("gold"),
            ["days_since_purchase"] = AttributeValue.FromNumber(4.5),
            ["member"] = AttributeValue.FromBoolean(true),
        });

        Assert.Equal("days_since_purchase=4.5&member=true&tier=gold", encoded);
        Assert.Equal([("days_since_purchase", "4.5"), ("member", "true"), ("tier", "gold")], SegmentPairs.Decode(encoded));
    }

    [Fact]
    public void Separators_in_names_and_values_are_escaped_and_long_or_many_attributes_are_bounded()
    {
        var attributes = new Dictionary<string, AttributeValue>
        {
            ["a&b"] = AttributeValue.FromText("x=y%z"),
            ["long"] = AttributeValue.FromText(new string('v', SegmentPairs.MaxLength + 1)),
        };
        for (var i = 0; i < 20; i++)
        {
            attributes[$"k{i:D2}"] = AttributeValue.FromText("v");
        }

        var pairs = SegmentPairs.Decode(SegmentPairs.Encode(attributes));

        Assert.Equal(SegmentPairs.MaxAttributes, pairs.Count);
        Assert.Equal(("a&b", "x=y%z"), pairs[0]);
        Assert.DoesNotContain(pairs, p => p.Attribute == "long");
    }

    [Theory]
    [InlineData("")]
    [InlineData(null)]
    [InlineData("novalue")]
    [InlineData("=x")]
    [InlineData("a=%G1")]
    [InlineData("a=%4")]
    public void Malformed_or_empty_strings_decode_to_nothing(string? encoded) => Assert.Empty(SegmentPairs.Decode(encoded));

    /// <summary>
    /// Encode runs on every assign, so it is written without LINQ; it must give exactly what the plain statement of
    /// the rule gives: valid pairs, sorted by name (ordinal), the first eight, each escaped, joined by '&amp;'.
    /// </summary>
    [Property(MaxTest = 300)]
    public bool Encoding_is_the_sorted_first_eight_valid_pairs(NonEmptyString[] names, string[] values)
    {
        var attributes = new Dictionary<string, AttributeValue>(StringComparer.Ordinal);
        for (var i = 0; i < names.Length; i++)
        {
            var value = values.Length == 0 ? "v" : values[i % values.Length] ?? "";
            attributes[names[i].Get] = i % 3 == 2 ? AttributeValue.FromNumber(i * 0.5) : AttributeValue.FromText(value);
        }

        var expected = string.Join('&', attributes
            .Select(a => (Name: a.Key, Text: a.Value.Kind == AttributeKind.Number ? a.Value.AsNumber!.Value.ToString("R", System.Globalization.CultureInfo.InvariantCulture) : a.Value.AsText!))
            .Where(a => a.Name.Length is > 0 and <= SegmentPairs.MaxLength && a.Text.Length is > 0 and <= SegmentPairs.MaxLength)
            .OrderBy(a => a.Name, StringComparer.Ordinal)
            .Take(SegmentPairs.MaxAttributes)
            .Select(a => SegmentPairs.Pair(a.Name, a.Text)));
        return SegmentPairs.Encode(attributes) == expected;
    }

    [Property(MaxTest = 300)]
    public bool Any_text_attributes_round_trip(NonEmptyString name, NonEmptyString value)
    {
        var key = name.Get.Length > SegmentPairs.MaxLength ? name.Get[..SegmentPairs.MaxLength] : name.Get;
        var text = value.Get.Length > SegmentPairs.MaxLength ? value.Get[..SegmentPairs.MaxLength] : value.Get;
        var pairs = SegmentPairs.Decode(SegmentPairs.Encode(new Dictionary<string, AttributeValue> { [key] = AttributeValue.FromText(text) }));
        return pairs.Count == 1 && pairs[0] == (key, text);
    }
}
