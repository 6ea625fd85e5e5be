using System.Text.Json;
using OfferLab.Grains.Customers;
using OfferLab.Storage.AzureTable.Journal;

namespace OfferLab.Grains.Tests.CustomerGrains;

/// <summary>
/// The stored form of a customer, with the provider's serializer options: collections a customer has not used are
/// left out, and states stored before that (every collection written, empty or not) still read.
/// </summary>
public sealed class CustomerStateJsonTests
{
    private static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.General);

    [Fact]
    public void A_customer_without_declines_or_outcomes_is_stored_without_those_collections_and_reads_back()
    {
        var at = new DateTimeOffset(2026, 12, 1, 9, 0, 0, TimeSpan.Zero);
        var state = new CustomerState
        {
            Sticky = { ["burger-sides"] = new() { ["s-1"] = new StickyAssignment("fries", 1, 3, at, "token-1") } },
            Today = { ["burger-sides"] = new DailyCount(DateOnly.FromDateTime(at.UtcDateTime), 1) },
            AppliedThrough = { ["node-1"] = new JournalPosition("node-1-0639316958030003751-2dfc", 17) },
        };

        var json = JsonSerializer.Serialize(state, Options);
        var read = JsonSerializer.Deserialize<CustomerState>(json, Options)!;

        Assert.DoesNotContain("Declines", json, StringComparison.Ordinal);
        Assert.DoesNotContain("Outcomes", json, StringComparison.Ordinal);
        Assert.DoesNotContain("OutcomeRecords", json, StringComparison.Ordinal);
        Assert.DoesNotContain("\"Applied\"", json, StringComparison.Ordinal);
        Assert.Null(read.Declines);
        Assert.Null(read.Outcomes);
        Assert.Equal("fries", read.Sticky["burger-sides"]["s-1"].Variant);
        Assert.Equal(17, read.AppliedThrough["node-1"].Sequence);
    }

    [Fact]
    public void A_new_customer_is_stored_in_the_form_earlier_versions_wrote_and_read()
    {
        // Written by the build before sticky assignments and daily counts became values (2026-12-01): the stored form
        // must not change with the in-memory one, in either direction.
        const string stored = """
            {"Sticky":{"burger-sides":{"s-1":{"Variant":"fries","Version":1,"Period":3,"IssuedAt":"2026-12-01T09:00:00+00:00","TokenId":"token-1"}}},"Today":{"burger-sides":{"Day":"2026-12-01","Count":1}},"AppliedThrough":{"node-1":{"Segment":"node-1-0639316958030003751-2dfc","Sequence":17}}}
            """;

        var read = JsonSerializer.Deserialize<CustomerState>(stored, Options)!;

        Assert.Equal(new StickyAssignment("fries", 1, 3, new DateTimeOffset(2026, 12, 1, 9, 0, 0, TimeSpan.Zero), "token-1"), read.Sticky["burger-sides"]["s-1"]);
        Assert.Equal(new DailyCount(new DateOnly(2026, 12, 1), 1), read.Today["burger-sides"]);
        Assert.Equal(stored, JsonSerializer.Serialize(read, Options));
    }

    public static TheoryData<string> TokenIds() => new()
    {
        CustomerShardGrain.TokenIdFor("burger-sides", "s-1", new DateTimeOffset(2026, 12, 1, 9, 0, 0, TimeSpan.Zero)),
        "AAAAAAAAAAAAAAAAAAAAAA", // 16 zero bytes
        "_____________________w", // 16 bytes of 0xff
        "token-1",                // not one OfferLab makes: held as read
        "AAAAAAAAAAAAAAAAAAAAAB", // 22 characters, but not the canonical spelling of 16 bytes
        "AAAAAAAAAAAAAAAAAAAA+A", // 22 characters, not base64url
        "AAAAAAAAAA AAAAAAAAAAA", // 22 characters with white space, which base64url decoding skips
        "AAAAAAAAAAAAAAAAAAAA==", // padded: 22 characters, fewer bytes
        "AAAAAAAAAAAAAAAAAAAAAAA",
        "",
    };

    [Theory]
    [MemberData(nameof(TokenIds))]
    public void A_sticky_assignment_gives_back_its_token_id_exactly_and_stores_it_as_it_was_stored(string tokenId)
    {
        var at = new DateTimeOffset(2026, 12, 1, 9, 0, 0, TimeSpan.Zero);
        var sticky = new StickyAssignment("fries", 1, 3, at, tokenId);
        var stored = $$"""{"Variant":"fries","Version":1,"Period":3,"IssuedAt":"2026-12-01T09:00:00+00:00","TokenId":{{JsonSerializer.Serialize(tokenId, Options)}}}""";

        var read = JsonSerializer.Deserialize<StickyAssignment>(stored, Options);

        Assert.Equal(tokenId, sticky.TokenId);
        Assert.Equal(stored, JsonSerializer.Serialize(sticky, Options));
        Assert.Equal(sticky, read);
        Assert.Equal(tokenId, read.TokenId);
        Assert.NotEqual(sticky, new StickyAssignment("fries", 1, 3, at, tokenId + "x"));
    }

    [Fact]
    public void A_state_stored_with_every_collection_reads_as_before()
    {
        const string stored = """
            {"Sticky":{},"Today":{},"Declines":{"FRIES-M":2},"Outcomes":{"t|Accept":"2026-12-02T09:00:00+00:00"},
             "OutcomeRecords":{"t|Accept|k":"seg#4"},"AppliedThrough":{},"Applied":{"seg":[1,4]}}
            """;

        var read = JsonSerializer.Deserialize<CustomerState>(stored, Options)!;

        Assert.Equal(2, read.Declines!["FRIES-M"]);
        Assert.Single(read.Outcomes!);
        Assert.Equal("seg#4", read.OutcomeRecords!["t|Accept|k"]);
        Assert.Equal([1L, 4L], read.Applied!["seg"]);
        Assert.Contains("\"Declines\":{\"FRIES-M\":2}", JsonSerializer.Serialize(read, Options), StringComparison.Ordinal);
    }
    [Fact]
    public void Stored_values_read_with_names_in_any_case_and_unknown_properties_skipped_and_broken_ones_refused()
    {
        const string stored = """
            {"Sticky":{"e":{"s":{"variant":"fries","VERSION":2,"Period":3,"Extra":{"a":[1,2]},"issuedAt":"2026-12-01T09:00:00+01:00","tokenid":"t"}}},
             "Today":{"e":{"day":"2026-12-01","count":4,"Extra":null}},"AppliedThrough":{"n":{"segment":"seg","SEQUENCE":9,"Journal":"x"}}}
            """;

        var read = JsonSerializer.Deserialize<CustomerState>(stored, Options)!;

        Assert.Equal(new StickyAssignment("fries", 2, 3, new DateTimeOffset(2026, 12, 1, 9, 0, 0, TimeSpan.FromHours(1)), "t"), read.Sticky["e"]["s"]);
        Assert.Equal(new DailyCount(new DateOnly(2026, 12, 1), 4), read.Today["e"]);
        Assert.Equal(new JournalPosition("seg", 9), read.AppliedThrough["n"]);
        Assert.Throws<JsonException>(() => JsonSerializer.Deserialize<DailyCount>("""{"Day":"01.12.2026","Count":1}""", Options));
        Assert.Throws<JsonException>(() => JsonSerializer.Deserialize<StickyAssignment>("""{"Variant":"fries","Version":1}""", Options));
        Assert.Throws<JsonException>(() => JsonSerializer.Deserialize<StickyAssignment>("[]", Options));
        Assert.Throws<JsonException>(() => JsonSerializer.Deserialize<JournalPosition>("null", Options));
    }
}
