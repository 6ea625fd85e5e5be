using System.Buffers.Binary;
using System.Buffers.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using OfferLab.Storage.AzureTable.Journal;

namespace OfferLab.Grains.Customers;

/// <summary>
/// What OfferLab remembers of one customer (stored as JSON): sticky assignments, today's exposures per experiment
/// (caps), declines per offer (suppression), outcome de-duplication keys until they expire, and the last journal
/// record this state holds in each journal (so a replay after a crash, or after a lost write, applies each once).
/// Most customers never decline nor report an outcome: those collections stay null (and out of the JSON) until
/// used. The maps hold one entry or a few (<see cref="SmallMap{TValue}"/>, a dictionary only past eight), and every
/// entry of them survives in memory for as long as the customer is held, so each entry counts.
/// </summary>
public sealed class CustomerState
{
    /// <summary>Experiment → stickiness unit (session or customer id) → assignment.</summary>
    public SmallMap<SmallMap<StickyAssignment>> Sticky { get; set; } = new();

    /// <summary>Experiment → exposures on one UTC day.</summary>
    public SmallMap<DailyCount> Today { get; set; } = new();

    /// <summary>Offer SKU → exposures of it this customer declined; null until the first decline.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public SmallMap<int>? Declines { get; set; }

    /// <summary>
    /// De-duplication key → when it may be forgotten (the attribution window has closed); null until the first outcome.
    /// </summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public SmallMap<DateTimeOffset>? Outcomes { get; set; }

    /// <summary>
    /// De-duplication key of an outcome → the journal record that took it (<c>segment#sequence</c>), so that a replay
    /// tells that record from a later one with the same key. Dropped with the key; null until the first outcome.
    /// </summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public SmallMap<string>? OutcomeRecords { get; set; }

    /// <summary>
    /// Journal (one per silo) → the last of its records applied to this state. A customer's records are applied in the
    /// order its journal stored them (each request's append finishes before the next request starts), so every record
    /// of that journal up to this one is in the state, or was never acknowledged (an append that timed out).
    /// </summary>
    public SmallMap<JournalPosition> AppliedThrough { get; set; } = new();

    /// <summary>
    /// Journal segment → sequences of its records applied to this state, as states stored before
    /// <see cref="AppliedThrough"/> recorded it; read for them, never added to (null in every newer state).
    /// </summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public Dictionary<string, List<long>>? Applied { get; set; }
}

/// <summary>
/// The variant a unit was given, and the exposure's token fields, so asking again returns the same token. A value held
/// in its map (an object of its own per customer would be one more for the collector to promote); stored as before.
/// </summary>
/// <remarks>
/// A token id as OfferLab makes them (16 bytes in unpadded base64url, see <c>CustomerShardGrain.TokenIdFor</c>) is
/// held as those 16 bytes, not as a string of its own per sticky unit, and spelled out again when asked for; any other
/// id is held as it was read.
/// </remarks>
[JsonConverter(typeof(StickyAssignmentConverter))]
public readonly record struct StickyAssignment
{
    private readonly ulong _tokenHigh;
    private readonly ulong _tokenLow;
    private readonly string? _tokenText;

    [JsonConstructor]
    public StickyAssignment(string variant, int version, long period, DateTimeOffset issuedAt, string tokenId)
    {
        ArgumentNullException.ThrowIfNull(tokenId);
        Variant = variant;
        Version = version;
        Period = period;
        IssuedAt = issuedAt;
        // Exactly the 22 characters that spell 16 bytes: IsValid refuses set bits past the 16th byte, and 22 characters
        // that decode to 16 bytes hold no padding nor white space, so the bytes spell this text again. (IsValid first:
        // decoding text that is not base64url throws rather than answer false.)
        if (tokenId.Length == 22 && Base64Url.IsValid(tokenId, out var length) && length == 16)
        {
            Span<byte> bytes = stackalloc byte[16];
            Base64Url.DecodeFromChars(tokenId, bytes);
            _tokenHigh = BinaryPrimitives.ReadUInt64BigEndian(bytes);
            _tokenLow = BinaryPrimitives.ReadUInt64BigEndian(bytes[8..]);
        }
        else
        {
            _tokenText = tokenId;
        }
    }

    public string Variant { get; }

    public int Version { get; }

    public long Period { get; }

    public DateTimeOffset IssuedAt { get; }

    /// <summary>Writes <see cref="TokenId"/> as the property <paramref name="name"/>, spelling bytes out on the stack rather than in a string.</summary>
    internal void WriteTokenId(Utf8JsonWriter writer, JsonEncodedText name)
    {
        if (_tokenText is not null)
        {
            writer.WriteString(name, _tokenText);
            return;
        }

        Span<byte> bytes = stackalloc byte[16];
        TokenBytes(bytes);
        Span<char> text = stackalloc char[22];
        Base64Url.EncodeToChars(bytes, text);
        writer.WriteString(name, text);
    }

    public string TokenId
    {
        get
        {
            if (_tokenText is not null)
            {
                return _tokenText;
            }

            Span<byte> bytes = stackalloc byte[16];
            TokenBytes(bytes);
            return Base64Url.EncodeToString(bytes);
        }
    }

    /// <summary>The 16 bytes of a token id held as bytes.</summary>
    private void TokenBytes(Span<byte> bytes)
    {
        BinaryPrimitives.WriteUInt64BigEndian(bytes, _tokenHigh);
        BinaryPrimitives.WriteUInt64BigEndian(bytes[8..], _tokenLow);
    }
}

/// <summary>A count on one UTC day; a value held in its map, like <see cref="StickyAssignment"/>.</summary>
[JsonConverter(typeof(DailyCountConverter))]
public readonly record struct DailyCount(DateOnly Day, int Count);
