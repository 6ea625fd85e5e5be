using System.Text.Json;
using System.Text.Json.Serialization;
using OfferLab.Abstractions.Assignment;

namespace OfferLab.Grains.Counting;

/// <summary>
/// One exposure or outcome as written to the journal. Counts are a pure function of these records, which is
/// what makes replay after a crash exact.
/// </summary>
public sealed record OfferEvent
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        Converters = { new JsonStringEnumConverter() },
    };

    public required OfferEventType Type { get; init; }

    public required string Experiment { get; init; }

    public required int Version { get; init; }

    public required long Period { get; init; }

    public required string Variant { get; init; }

    public required string Customer { get; init; }

    public required string Session { get; init; }

    /// <summary>The stickiness unit (session or customer id) an exposure was assigned for.</summary>
    public string? Unit { get; init; }

    public required DateTimeOffset At { get; init; }

    public required string TokenId { get; init; }

    /// <summary>When the exposure's token was issued (outcomes), for attribution-window bookkeeping.</summary>
    public DateTimeOffset IssuedAt { get; init; }

    public OutcomeKind? Kind { get; init; }

    public double Value { get; init; }

    public string? IdempotencyKey { get; init; }

    public string? OfferSku { get; init; }

    /// <summary>The assign request's attributes (<c>SegmentPairs</c> form) the record also counts under; null when none.</summary>
    public string? Segments { get; init; }

    /// <summary>True for the first outcome of its kind on its token: only that one counts toward a rate.</summary>
    public bool First { get; init; }

    /// <summary>When the de-duplication memory of this outcome may be dropped.</summary>
    public DateTimeOffset Expires { get; init; }

    public string ToJson() => JsonSerializer.Serialize(this, Json);

    /// <summary>The event as UTF-8 JSON, as the journal stores it (no text made on the way).</summary>
    public byte[] ToUtf8Json() => JsonSerializer.SerializeToUtf8Bytes(this, Json);

    public static OfferEvent FromJson(string json) =>
        JsonSerializer.Deserialize<OfferEvent>(json, Json) ?? throw new JsonException("A journal record holds no event.");

    /// <summary>What this event adds to its arm's counts.</summary>
    public CountDelta ToDelta() => Type == OfferEventType.Exposure
        ? new CountDelta(Period, Variant, 1, 0, 0, 0, 0, 0)
        : Kind switch
        {
            OutcomeKind.Accept => new CountDelta(Period, Variant, 0, First ? 1 : 0, 0, 0, Value, Value * Value),
            OutcomeKind.Decline => new CountDelta(Period, Variant, 0, 0, First ? 1 : 0, 0, 0, 0),
            _ => new CountDelta(Period, Variant, 0, 0, 0, First ? 1 : 0, 0, 0),
        };
}

/// <summary>Exposure or outcome.</summary>
public enum OfferEventType
{
    Exposure,
    Outcome,
}
