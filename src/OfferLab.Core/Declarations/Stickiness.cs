using System.Text.Json.Serialization;

namespace OfferLab.Core.Declarations;

/// <summary>What keeps seeing the same variant.</summary>
[JsonConverter(typeof(SnakeCaseEnumConverter<Stickiness>))]
public enum Stickiness
{
    /// <summary><c>session</c>: one variant per session.</summary>
    Session,

    /// <summary><c>customer</c>: one variant per customer, across sessions.</summary>
    Customer,
}
