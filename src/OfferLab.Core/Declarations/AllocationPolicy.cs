using System.Text.Json.Serialization;

namespace OfferLab.Core.Declarations;

/// <summary>How traffic is split over the active arms.</summary>
[JsonConverter(typeof(SnakeCaseEnumConverter<AllocationPolicy>))]
public enum AllocationPolicy
{
    /// <summary><c>thompson</c>: batched Thompson sampling, weights recomputed every period.</summary>
    Thompson,

    /// <summary><c>fixed</c>: the declared weights, never adapted.</summary>
    Fixed,
}
