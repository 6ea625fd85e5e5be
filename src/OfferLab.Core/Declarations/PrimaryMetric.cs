using System.Text.Json.Serialization;

namespace OfferLab.Core.Declarations;

/// <summary>The per-exposure metric the experiment optimises and tests.</summary>
[JsonConverter(typeof(SnakeCaseEnumConverter<PrimaryMetric>))]
public enum PrimaryMetric
{
    /// <summary><c>conversion</c>: accepts per exposure.</summary>
    Conversion,

    /// <summary><c>revenue</c>: revenue of accepted offers per exposure.</summary>
    Revenue,

    /// <summary><c>margin</c>: margin of accepted offers per exposure.</summary>
    Margin,
}
