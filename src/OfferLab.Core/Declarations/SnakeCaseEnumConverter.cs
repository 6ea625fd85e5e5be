using System.Text.Json;
using System.Text.Json.Serialization;

namespace OfferLab.Core.Declarations;

/// <summary>Writes and reads an enum by its snake_case name (<c>product_page</c>), the same names the YAML uses.</summary>
public sealed class SnakeCaseEnumConverter<TEnum>() : JsonStringEnumConverter<TEnum>(JsonNamingPolicy.SnakeCaseLower, allowIntegerValues: false)
    where TEnum : struct, Enum;
