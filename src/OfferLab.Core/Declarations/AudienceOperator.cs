using System.Text.Json.Serialization;

namespace OfferLab.Core.Declarations;

/// <summary>Comparison an audience rule applies to a session attribute.</summary>
[JsonConverter(typeof(SnakeCaseEnumConverter<AudienceOperator>))]
public enum AudienceOperator
{
    /// <summary><c>in</c>: the attribute equals one of the values.</summary>
    In,

    /// <summary><c>not_in</c>: the attribute is missing or equals none of the values.</summary>
    NotIn,

    /// <summary><c>eq</c>: the attribute equals the value.</summary>
    Eq,

    /// <summary><c>lt</c>: the attribute is a number below the value.</summary>
    Lt,

    /// <summary><c>lte</c>: the attribute is a number at most the value.</summary>
    Lte,

    /// <summary><c>gt</c>: the attribute is a number above the value.</summary>
    Gt,

    /// <summary><c>gte</c>: the attribute is a number at least the value.</summary>
    Gte,
}
