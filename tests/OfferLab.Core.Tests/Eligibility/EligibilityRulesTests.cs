using OfferLab.Core.Allocation;
using OfferLab.Core.Eligibility;
using static OfferLab.Core.Tests.Eligibility.Declarations;

namespace OfferLab.Core.Tests.Eligibility;

public sealed class EligibilityRulesTests
{
    [Fact]
    public void A_matching_session_is_eligible() => Assert.Equal(EligibilityDecision.Yes, EligibilityRules.Evaluate(BurgerSides(), Gold(), Now));

    [Theory]
    [InlineData(new string[0], new[] { "burgers" }, true)]
    [InlineData(new[] { "BURGER-XL" }, new[] { "drinks" }, true)]
    [InlineData(new string[0], new[] { "BURGERS" }, true)]
    [InlineData(new string[0], new[] { "Burgers" }, true)]
    [InlineData(new[] { "burger-xl" }, new string[0], false)]
    [InlineData(new[] { "SALAD" }, new[] { "salads" }, false)]
    [InlineData(new string[0], new string[0], false)]
    [InlineData(new[] { "burgers" }, new string[0], false)]
    [InlineData(new string[0], new[] { "BURGER-XL" }, false)]
    [InlineData(new string[0], new[] { "burgers " }, false)]
    public void The_trigger_matches_any_sku_exactly_or_any_category_ignoring_case(string[] skus, string[] categories, bool matches)
    {
        var context = Context(skus, categories, attributes: [("tier", "\"gold\""), ("days_since_purchase", "4")]);
        var decision = EligibilityRules.Evaluate(BurgerSides(), context, Now);
        Assert.Equal(matches, decision.Eligible);
        if (!matches)
        {
            Assert.Equal("trigger: cart holds none of categories [burgers] or skus [BURGER-XL]", decision.Reason);
        }
    }

    [Fact]
    public void An_empty_trigger_matches_every_session_even_an_empty_cart()
    {
        var declaration = Declare("audience:\n  traffic: 1.0");
        Assert.True(EligibilityRules.Evaluate(declaration, Context([], []), Now).Eligible);
        Assert.True(EligibilityRules.Evaluate(declaration, new AssignContext("c", "s", null!, null!, null!), Now).Eligible);
    }

    [Fact]
    public void Null_entries_and_lists_in_the_cart_are_ignored()
    {
        var context = new AssignContext("c-1", "s-1", [null!, "BURGER-XL"], null!, Gold().Attributes);
        Assert.True(EligibilityRules.Evaluate(BurgerSides(), context, Now).Eligible);
        Assert.False(EligibilityRules.Evaluate(BurgerSides(), context with { CartSkus = null! }, Now).Eligible);
    }

    [Fact]
    public void The_schedule_admits_from_start_up_to_but_not_including_end()
    {
        var declaration = Declare("schedule:\n  start: 2026-12-01T00:00:00Z\n  end: 2026-12-31T00:00:00Z");
        var start = new DateTimeOffset(2026, 12, 1, 0, 0, 0, TimeSpan.Zero);
        var end = new DateTimeOffset(2026, 12, 31, 0, 0, 0, TimeSpan.Zero);
        Assert.Equal("schedule: starts at 2026-12-01T00:00:00Z, now is 2026-11-30T23:59:59.9999999Z",
            EligibilityRules.Evaluate(declaration, Gold(), start.AddTicks(-1)).Reason);
        Assert.True(EligibilityRules.Evaluate(declaration, Gold(), start).Eligible);
        Assert.False(EligibilityRules.Evaluate(declaration, Gold(), new DateTimeOffset(2026, 12, 1, 5, 0, 0, TimeSpan.FromHours(6))).Eligible); // 23:00Z the day before
        Assert.True(EligibilityRules.Evaluate(declaration, Gold(), new DateTimeOffset(2026, 12, 1, 7, 0, 0, TimeSpan.FromHours(6))).Eligible);
        Assert.True(EligibilityRules.Evaluate(declaration, Gold(), end.AddTicks(-1)).Eligible);
        Assert.Equal("schedule: ended at 2026-12-31T00:00:00Z, now is 2026-12-31T00:00:00Z",
            EligibilityRules.Evaluate(declaration, Gold(), end).Reason);
        Assert.False(EligibilityRules.Evaluate(declaration, Gold(), new DateTimeOffset(2026, 12, 30, 23, 30, 0, TimeSpan.FromHours(-1))).Eligible); // 00:30Z on the end day
    }

    [Fact]
    public void Open_schedule_ends_never_exclude()
    {
        Assert.True(EligibilityRules.Evaluate(Declare("schedule:\n  start: 2026-01-01T00:00:00Z"), Gold(), DateTimeOffset.MaxValue).Eligible);
        Assert.True(EligibilityRules.Evaluate(Declare("schedule:\n  end: 2027-01-01T00:00:00Z"), Gold(), DateTimeOffset.MinValue).Eligible);
    }

    [Fact]
    public void Checks_run_in_order_schedule_trigger_audience_traffic()
    {
        var declaration = BurgerSides(0.01) with { Schedule = new(Now.AddDays(1), null) };
        var outsider = Context(["SALAD"], ["salads"], session: "s-0", attributes: [("tier", "\"bronze\"")]);
        Assert.StartsWith("schedule:", EligibilityRules.Evaluate(declaration, outsider, Now).Reason, StringComparison.Ordinal);
        declaration = declaration with { Schedule = new(null, null) };
        Assert.StartsWith("trigger:", EligibilityRules.Evaluate(declaration, outsider, Now).Reason, StringComparison.Ordinal);
        Assert.StartsWith("audience.rules[0]:", EligibilityRules.Evaluate(declaration, outsider with { CartSkus = ["BURGER-XL"] }, Now).Reason, StringComparison.Ordinal);
        Assert.Equal("traffic: not enrolled (share 0.01)", EligibilityRules.Evaluate(declaration, Gold("s-0"), Now).Reason);
    }

    // Draws computed independently (Python hashlib over the documented layout) for experiment burger-sides.
    [Theory]
    [InlineData("s-88f1", true)] // 0.1354
    [InlineData("s-0", false)] // 0.9170
    [InlineData("s-1", true)] // 0.1242
    [InlineData("s-2", false)] // 0.7318
    [InlineData("s-7", true)] // 0.4755
    [InlineData("sessión-ü", false)] // 0.5539
    public void Enrolment_is_the_same_on_every_machine(string session, bool enrolled) =>
        Assert.Equal(enrolled, EligibilityRules.Evaluate(BurgerSides(0.5), Gold(session), Now).Eligible);

    [Theory]
    [InlineData(0.3)]
    [InlineData(0.5)]
    [InlineData(0.05)]
    public void Traffic_enrols_its_share_of_units_within_four_standard_errors(double share)
    {
        const int units = 100_000;
        var declaration = BurgerSides(share);
        var enrolled = Enumerable.Range(0, units).Count(i => EligibilityRules.Evaluate(declaration, Gold($"s-{i}"), Now).Eligible);
        var tolerance = 4 * Math.Sqrt(units * share * (1 - share));
        Assert.InRange(enrolled, (units * share) - tolerance, (units * share) + tolerance);
    }

    [Fact]
    public void Enrolment_is_independent_of_the_arm_draw()
    {
        // Among enrolled units the arm draw must still be uniform: half of them below 0.5, within 4 standard errors.
        var declaration = BurgerSides(0.5);
        var enrolled = Enumerable.Range(0, 100_000).Select(i => $"s-{i}")
            .Where(s => EligibilityRules.Evaluate(declaration, Gold(s), Now).Eligible).ToList();
        var low = enrolled.Count(s => ArmSelector.Uniform(declaration.Id, 0, s) < 0.5);
        Assert.InRange(low, (enrolled.Count / 2.0) - (2 * Math.Sqrt(enrolled.Count)), (enrolled.Count / 2.0) + (2 * Math.Sqrt(enrolled.Count)));
    }

    [Fact]
    public void The_traffic_unit_follows_stickiness()
    {
        var bySession = BurgerSides(0.5, "session");
        var byCustomer = BurgerSides(0.5, "customer");
        var sessions = Enumerable.Range(0, 200).Select(i => $"s-{i}").ToList();

        // Customer stickiness: one customer is in or out whatever the session; session stickiness: the session decides.
        Assert.Single(sessions.Select(s => EligibilityRules.Evaluate(byCustomer, Gold(s, "c-42"), Now).Eligible).Distinct());
        Assert.Equal(2, sessions.Select(s => EligibilityRules.Evaluate(bySession, Gold(s, "c-42"), Now).Eligible).Distinct().Count());
        Assert.All(sessions, s => Assert.Equal(
            EligibilityRules.Evaluate(bySession, Gold(s, "c-1"), Now).Eligible,
            EligibilityRules.Evaluate(bySession, Gold(s, "c-2"), Now).Eligible));
    }

    [Fact]
    public void Enrolment_differs_between_experiments()
    {
        var first = BurgerSides(0.5);
        var second = first with { Id = "laptop-mouse" };
        var disagreements = Enumerable.Range(0, 1_000).Count(i =>
            EligibilityRules.Evaluate(first, Gold($"s-{i}"), Now).Eligible != EligibilityRules.Evaluate(second, Gold($"s-{i}"), Now).Eligible);
        Assert.InRange(disagreements, 400, 600);
    }
}
