using System.Text.Json.Serialization;

namespace OfferLab.Core.Declarations;

/// <summary>A metric an arm must not harm.</summary>
[JsonConverter(typeof(SnakeCaseEnumConverter<GuardrailMetric>))]
public enum GuardrailMetric
{
    /// <summary><c>core_purchase</c>: share of exposed sessions that complete their core purchase.</summary>
    CorePurchase,
}
