using OfferLab.Core.Eligibility;
using static OfferLab.Core.Tests.Eligibility.Declarations;

namespace OfferLab.Core.Tests.Eligibility;

public sealed class AudienceRuleTests
{
    // rule (YAML flow mapping body), attribute as JSON (null: absent), holds?
    [Theory]
    [InlineData("in: [gold, silver]", "\"gold\"", true)]
    [InlineData("in: [gold, silver]", "\"silver\"", true)]
    [InlineData("in: [gold, silver]", "\"bronze\"", false)]
    [InlineData("in: [gold, silver]", "\"Gold\"", false)]
    [InlineData("in: [gold, silver]", "1", false)]
    [InlineData("in: [gold, silver]", "true", false)]
    [InlineData("in: [gold, silver]", null, false)]
    [InlineData("in: [gold, silver]", "null", false)]
    [InlineData("in: [gold, silver]", "[\"gold\"]", false)]
    [InlineData("in: [gold, silver]", "{\"gold\":1}", false)]
    [InlineData("in: [1, 2.5]", "1", true)]
    [InlineData("in: [1, 2.5]", "1.0", true)]
    [InlineData("in: [1, 2.5]", "2.50", true)]
    [InlineData("in: [1, 2.5]", "3", false)]
    [InlineData("in: [1, 2.5]", "\"1\"", true)]
    [InlineData("in: [1, 2.5]", "\"1.0\"", false)]
    [InlineData("in: [\"true\"]", "true", true)]
    [InlineData("in: [\"true\"]", "false", false)]
    [InlineData("in: [\"true\"]", "\"true\"", true)]
    [InlineData("eq: gold", "\"gold\"", true)]
    [InlineData("eq: gold", "\"gold \"", false)]
    [InlineData("eq: 30", "30", true)]
    [InlineData("eq: 30", "30.0", true)]
    [InlineData("eq: 30", "3e1", true)]
    [InlineData("eq: 30", "31", false)]
    [InlineData("eq: \"false\"", "false", true)]
    [InlineData("eq: \"false\"", "true", false)]
    [InlineData("not_in: [gold]", "\"gold\"", false)]
    [InlineData("not_in: [gold]", "\"silver\"", true)]
    [InlineData("not_in: [gold]", "5", true)]
    [InlineData("not_in: [gold]", "false", true)]
    [InlineData("not_in: [gold]", null, true)]
    [InlineData("not_in: [gold]", "null", true)]
    [InlineData("not_in: [gold]", "[]", false)]
    [InlineData("not_in: [5]", "5.0", false)]
    [InlineData("lt: 30", "29.9", true)]
    [InlineData("lt: 30", "30", false)]
    [InlineData("lt: 30", "-1e300", true)]
    [InlineData("lt: 30", "\"29\"", false)]
    [InlineData("lt: 30", "true", false)]
    [InlineData("lt: 30", null, false)]
    [InlineData("lt: 30", "1e400", false)]
    [InlineData("lte: 30", "30", true)]
    [InlineData("lte: 30", "30.0001", false)]
    [InlineData("gt: 0", "0", false)]
    [InlineData("gt: 0", "1e-9", true)]
    [InlineData("gt: 0", "-1", false)]
    [InlineData("gte: -5", "-5", true)]
    [InlineData("gte: -5", "-5.1", false)]
    [InlineData("gte: 0.1", "0.1", true)]
    public void Each_operator_compares_by_the_attribute_s_kind(string rule, string? json, bool holds)
    {
        var declaration = Declare($"audience:\n  rules:\n    - {{ attribute: a, {rule} }}");
        var decision = EligibilityRules.Evaluate(declaration, Context(attributes: [("a", json)]), Now);
        Assert.Equal(holds, decision.Eligible);
        Assert.Equal(holds, decision.Reason is null);
        if (!holds)
        {
            Assert.StartsWith("audience.rules[0]: ", decision.Reason, StringComparison.Ordinal);
        }
    }

    [Theory]
    [InlineData("\"bronze\"", "4", "audience.rules[0]: tier is \"bronze\", not in [gold, silver]")]
    [InlineData(null, "4", "audience.rules[0]: attribute 'tier' missing")]
    [InlineData("null", "4", "audience.rules[0]: attribute 'tier' is null")]
    [InlineData("[1]", "4", "audience.rules[0]: attribute 'tier' is not a string, number or boolean")]
    [InlineData("\"gold\"", "45", "audience.rules[1]: days_since_purchase is 45, not <= 30")]
    [InlineData("\"gold\"", "30.5", "audience.rules[1]: days_since_purchase is 30.5, not <= 30")]
    [InlineData("\"gold\"", "\"4\"", "audience.rules[1]: days_since_purchase is \"4\", not a number")]
    [InlineData("\"gold\"", null, "audience.rules[1]: attribute 'days_since_purchase' missing")]
    public void The_first_failing_rule_is_named_with_why(string? tier, string? days, string reason)
    {
        var decision = EligibilityRules.Evaluate(BurgerSides(), Context(attributes: [("tier", tier), ("days_since_purchase", days)]), Now);
        Assert.Equal(EligibilityDecision.No(reason), decision);
    }

    [Fact]
    public void Other_operators_explain_themselves()
    {
        static string? Why(string rule, string json) => EligibilityRules.Evaluate(
            Declare($"audience:\n  rules:\n    - {{ attribute: a, {rule} }}"), Context(attributes: [("a", json)]), Now).Reason;

        Assert.Equal("audience.rules[0]: a is \"gold\", which not_in [gold, silver] excludes", Why("not_in: [gold, silver]", "\"gold\""));
        Assert.Equal("audience.rules[0]: a is 31, not 30", Why("eq: 30", "31"));
        Assert.Equal("audience.rules[0]: a is true, not a number", Why("gt: 0", "true"));
        Assert.Equal("audience.rules[0]: a is -1, not >= 0", Why("gte: 0", "-1"));
        Assert.Equal("audience.rules[0]: a is 2, not < 1.5", Why("lt: 1.5", "2"));
        var longText = new string('x', 100);
        Assert.Equal($"audience.rules[0]: a is \"{longText[..64]}…\", not gold", Why("eq: gold", $"\"{longText}\""));
    }

    [Fact]
    public void Attribute_names_are_case_sensitive()
    {
        var decision = EligibilityRules.Evaluate(BurgerSides(), Context(attributes: [("Tier", "\"gold\""), ("days_since_purchase", "4")]), Now);
        Assert.Equal("audience.rules[0]: attribute 'tier' missing", decision.Reason);
    }

    [Fact]
    public void Json_values_map_to_their_kinds()
    {
        static AttributeValue Of(string json) => AttributeValue.From(System.Text.Json.JsonDocument.Parse(json).RootElement);

        Assert.Equal(AttributeValue.FromText("gold"), Of("\"gold\""));
        Assert.Equal("gold", Of("\"gold\"").AsText);
        Assert.Equal(4.5, Of("4.5").AsNumber);
        Assert.Equal(true, Of("true").AsBoolean);
        Assert.Equal(false, Of("false").AsBoolean);
        Assert.Equal(AttributeKind.Null, Of("null").Kind);
        Assert.Equal(AttributeKind.Null, default(AttributeValue).Kind);
        Assert.Equal(AttributeKind.Unusable, Of("[1, 2]").Kind);
        Assert.Equal(AttributeKind.Unusable, Of("{}").Kind);
        Assert.Equal(AttributeKind.Unusable, Of("1e400").Kind);
        Assert.Equal(AttributeKind.Unusable, AttributeValue.FromNumber(double.NaN).Kind);
        Assert.Null(Of("4.5").AsText);
        Assert.Null(Of("\"4.5\"").AsNumber);
        Assert.False(Of("null").IsUsable);
        Assert.Equal("\ud800x", Of("\"\\ud800x\"").AsText ?? "\ud800x"); // lone-surrogate escapes: kept, or unusable, never a throw
    }
}
