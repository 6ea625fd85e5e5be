namespace OfferLab.Core.Eligibility;

/// <summary>What kind of value a session attribute holds.</summary>
public enum AttributeKind
{
    /// <summary>No value (JSON <c>null</c>, or <c>default(AttributeValue)</c>): treated like a missing attribute.</summary>
    Null,

    /// <summary>A string, compared ordinally (case-sensitive).</summary>
    Text,

    /// <summary>A finite number, compared numerically.</summary>
    Number,

    /// <summary><c>true</c> or <c>false</c>.</summary>
    Boolean,

    /// <summary>Something no rule can compare (a JSON array or object, a number out of range): no rule holds on it.</summary>
    Unusable,
}
