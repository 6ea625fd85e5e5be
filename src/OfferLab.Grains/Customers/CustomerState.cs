namespace OfferLab.Grains.Customers;

/// <summary>
/// What OfferLab remembers of one customer (stored as JSON): sticky assignments, today's exposures per experiment
/// (caps), declines per offer (suppression), outcome de-duplication keys until they expire, and which journal
/// records of not-yet-checkpointed segments this state already holds (so replay after a crash applies each once).
/// </summary>
public sealed class CustomerState
{
    /// <summary>Experiment → stickiness unit (session or customer id) → assignment.</summary>
    public Dictionary<string, Dictionary<string, StickyAssignment>> Sticky { get; set; } = [];

    /// <summary>Experiment → exposures on one UTC day.</summary>
    public Dictionary<string, DailyCount> Today { get; set; } = [];

    /// <summary>Offer SKU → exposures of it this customer declined.</summary>
    public Dictionary<string, int> Declines { get; set; } = [];

    /// <summary>De-duplication key → when it may be forgotten (the attribution window has closed).</summary>
    public Dictionary<string, DateTimeOffset> Outcomes { get; set; } = [];

    /// <summary>
    /// De-duplication key of an outcome → the journal record that took it (<c>segment#sequence</c>), so that a replay
    /// tells that record from a later one with the same key. Dropped with the key.
    /// </summary>
    public Dictionary<string, string> OutcomeRecords { get; set; } = [];

    /// <summary>Journal segment → sequences of its records already applied to this state.</summary>
    public Dictionary<string, List<long>> Applied { get; set; } = [];
}

/// <summary>The variant a unit was given, and the exposure's token fields, so asking again returns the same token.</summary>
public sealed record StickyAssignment(string Variant, int Version, long Period, DateTimeOffset IssuedAt, string TokenId);

/// <summary>A count on one UTC day.</summary>
public sealed record DailyCount(DateOnly Day, int Count);
