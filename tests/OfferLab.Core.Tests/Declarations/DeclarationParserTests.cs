using System.Text.Json;
using OfferLab.Core.Declarations;

namespace OfferLab.Core.Tests.Declarations;

/// <summary>Defaults, the JSON form, serialization and the error format.</summary>
public sealed class DeclarationParserTests
{
    private const string Minimal = """
        apiVersion: offerlab/v1
        id: minimal
        name: Minimal
        placement: checkout
        variants:
          - { id: control, control: true }
          - { id: socks, offer: { sku: SOCKS-3, title: Three pairs of socks, price: 9.99, margin: 6.5 } }
        """;

    [Fact]
    public void Every_optional_key_gets_its_documented_default()
    {
        var d = DeclarationParser.Parse(Minimal, "minimal.yaml").Declaration!;

        Assert.Equal(("", ""), (d.Description, d.Owner));
        Assert.Equal(Trigger.Default, d.Trigger);
        Assert.Equal(new Audience(ValueList<AudienceRule>.Empty, 1.0), d.Audience);
        Assert.Equal(new MetricSettings(PrimaryMetric.Conversion, TimeSpan.FromHours(24), ValueList<Guardrail>.Empty), d.Metric);
        Assert.Equal(new AllocationSettings(AllocationPolicy.Thompson, ValueMap<double>.Empty, TimeSpan.FromMinutes(10), 100, 0.01, 0.10, false, Stickiness.Session), d.Allocation);
        Assert.Equal(new StoppingSettings(0.05, 500, true, 0.0, TimeSpan.FromDays(30)), d.Stopping);
        Assert.Equal(new Caps(3, 2), d.Caps);
        Assert.Equal(new Schedule(null, null), d.Schedule);
        Assert.Equal([new Variant("control", true, null), new Variant("socks", false, new Offer("SOCKS-3", "Three pairs of socks", 9.99m, 6.5m))], d.Variants);
    }

    [Fact]
    public void The_json_form_parses_to_the_same_declaration()
    {
        const string Json = """
            {"apiVersion": "offerlab/v1", "id": "minimal", "name": "Minimal", "placement": "checkout",
             "variants": [{"id": "control", "control": true},
                          {"id": "socks", "offer": {"sku": "SOCKS-3", "title": "Three pairs of socks", "price": 9.99, "margin": 6.5}}]}
            """;

        Assert.Equal(DeclarationParser.Parse(Minimal, "a.yaml").Declaration, DeclarationParser.Parse(Json, "a.json").Declaration);
    }

    [Fact]
    public void A_declaration_serializes_with_web_defaults_and_snake_case_enums()
    {
        var d = DeclarationParser.Parse(Minimal, "minimal.yaml").Declaration!;

        var json = JsonSerializer.Serialize(d, JsonSerializerOptions.Web);

        Assert.Contains("\"placement\":\"checkout\"", json, StringComparison.Ordinal);
        Assert.Contains("\"variants\":[{\"id\":\"control\",\"isControl\":true,\"offer\":null}", json, StringComparison.Ordinal);
        Assert.Contains("\"stickiness\":\"session\"", json, StringComparison.Ordinal);
        Assert.DoesNotContain("source", json, StringComparison.Ordinal);
    }

    [Fact]
    public void An_error_prints_as_file_line_column_path_message()
    {
        Assert.Equal("a.yaml:3:7: variants[1].offer.price: expected a number", new DeclarationError("a.yaml", 3, 7, "variants[1].offer.price", "expected a number").ToString());
    }

    [Fact]
    public void Audience_rules_match_session_attributes()
    {
        var rule = new AudienceRule("days_since_purchase", AudienceOperator.Lte, new ValueList<string>(["30"]));
        var tier = new AudienceRule("tier", AudienceOperator.In, new ValueList<string>(["gold", "silver"]));

        Assert.True(rule.Matches("30"));
        Assert.False(rule.Matches("31"));
        Assert.False(rule.Matches(null));
        Assert.True(tier.Matches("gold"));
        Assert.False(tier.Matches("bronze"));
    }
}
