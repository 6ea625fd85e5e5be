using FsCheck;
using FsCheck.Xunit;
using OfferLab.Core.Declarations;
using OfferLab.Core.Eligibility;
using static OfferLab.Core.Tests.Eligibility.Declarations;

namespace OfferLab.Core.Tests.Eligibility;

public sealed class EligibilityPropertyTests
{
    private static readonly ExperimentDeclaration EveryOperator = Declare("""
        trigger:
          categories: [burgers, Drinks]
          skus: [BURGER-XL]
        audience:
          rules:
            - { attribute: a, in: [gold, 1, "true"] }
            - { attribute: b, not_in: [x, 2] }
            - { attribute: c, eq: 3 }
            - { attribute: d, lt: 4 }
            - { attribute: e, lte: 5 }
            - { attribute: f, gt: -6 }
            - { attribute: g, gte: 7.5 }
          traffic: 0.5
        schedule:
          start: 2026-01-01T00:00:00Z
          end: 2027-01-01T00:00:00Z
        """);

    [Property(MaxTest = 500)]
    public bool Full_traffic_enrols_every_unit(string session, string customer, bool byCustomer)
    {
        var declaration = BurgerSides(1.0, byCustomer ? "customer" : "session");
        return EligibilityRules.Evaluate(declaration, Gold(session, customer), Now) == EligibilityDecision.Yes;
    }

    [Property(MaxTest = 1000)]
    public bool Evaluation_never_throws_and_gives_a_reason_exactly_when_not_eligible(
        string customer, string session, string[] skus, string[] categories, (string Name, byte Kind, string Text, double Number)[] attributes, long ticks)
    {
        var values = new Dictionary<string, AttributeValue>();
        foreach (var (name, kind, text, number) in attributes ?? [])
        {
            values[((name ?? "") + "abcdefg")[kind % 7].ToString()] = (kind % 5) switch
            {
                0 => AttributeValue.FromText(text ?? ""),
                1 => AttributeValue.FromNumber(number),
                2 => AttributeValue.FromBoolean(number > 0),
                3 => default,
                _ => AttributeValue.From(System.Text.Json.JsonDocument.Parse("[1]").RootElement),
            };
        }

        var now = new DateTimeOffset(2026, 6, 1, 0, 0, 0, TimeSpan.Zero).AddTicks(ticks % TimeSpan.TicksPerDay * 365);
        var decision = EligibilityRules.Evaluate(EveryOperator, new AssignContext(customer, session, skus, categories, values), now);
        return decision.Eligible == (decision.Reason is null);
    }

    [Property(MaxTest = 300)]
    public bool Evaluation_is_a_pure_function(string session, byte days, bool gold)
    {
        var context = Context(session: session ?? "", attributes: [("tier", gold ? "\"gold\"" : "\"tin\""), ("days_since_purchase", days.ToString(System.Globalization.CultureInfo.InvariantCulture))]);
        var declaration = BurgerSides(0.5);
        return EligibilityRules.Evaluate(declaration, context, Now) == EligibilityRules.Evaluate(declaration, context with { }, Now);
    }
}
