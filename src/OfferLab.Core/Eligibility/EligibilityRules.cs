using OfferLab.Core.Allocation;
using OfferLab.Core.Declarations;

namespace OfferLab.Core.Eligibility;

/// <summary>
/// Decides enrolment, checking in this order and stopping at the first failure:
/// <list type="number">
/// <item><b>schedule</b>: <c>now</c> in [start, end); open ends are unbounded.</item>
/// <item><b>trigger</b>: the cart holds any listed SKU (case-sensitive: SKUs are codes) or category (ordinal,
/// ignoring case: category names are typed by people); an empty trigger matches every session.</item>
/// <item><b>audience.rules</b>: every rule holds. A missing (or null) attribute fails every operator except
/// <c>not_in</c>, which it satisfies; an array or object fails every operator. <c>lt</c>/<c>lte</c>/<c>gt</c>/<c>gte</c>
/// need a JSON number (the string <c>"45"</c> does not hold). <c>in</c>/<c>eq</c>/<c>not_in</c> compare a string
/// ordinally with the declared text, a number numerically with the declared values that are numbers, a boolean
/// with the declared text <c>true</c>/<c>false</c> (see <see cref="AudienceCheck"/>).</item>
/// <item><b>traffic</b>: the unit (session or customer, per <c>allocation.stickiness</c>) is enrolled when its
/// <see cref="TrafficGate"/> hash, stable everywhere and independent of the arm draw, is below the share.</item>
/// </list>
/// Pure: no clock, no I/O. Never throws for any context content (null lists or ids count as empty).
/// </summary>
public static class EligibilityRules
{
    /// <summary>Whether the session in <paramref name="context"/> is enrolled in <paramref name="declaration"/> at <paramref name="now"/>.</summary>
    public static EligibilityDecision Evaluate(ExperimentDeclaration declaration, AssignContext context, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(declaration);
        ArgumentNullException.ThrowIfNull(context);
        if (declaration.Schedule.Start is { } start && now < start)
        {
            return EligibilityDecision.No($"schedule: starts at {Show(start)}, now is {Show(now)}");
        }

        if (declaration.Schedule.End is { } end && now >= end)
        {
            return EligibilityDecision.No($"schedule: ended at {Show(end)}, now is {Show(now)}");
        }

        var trigger = declaration.Trigger;
        if (!Triggered(trigger, context))
        {
            return EligibilityDecision.No(
                $"trigger: cart holds none of categories [{string.Join(", ", trigger.Categories)}] or skus [{string.Join(", ", trigger.Skus)}]");
        }

        var rules = declaration.Audience.Rules;
        for (var i = 0; i < rules.Count; i++)
        {
            var present = false;
            var value = default(AttributeValue);
            if (context.Attributes is { } attributes && rules[i].Attribute is { } name)
            {
                present = attributes.TryGetValue(name, out value);
            }

            if (AudienceCheck.Explain(rules[i], present, value) is { } why)
            {
                return EligibilityDecision.No($"audience.rules[{i}]: {why}");
            }
        }

        var traffic = declaration.Audience.Traffic;
        var unit = (declaration.Allocation.Stickiness == Stickiness.Customer ? context.CustomerId : context.SessionId) ?? "";
        return TrafficGate.IsEnrolled(declaration.Id, unit, traffic)
            ? EligibilityDecision.Yes
            : EligibilityDecision.No($"traffic: not enrolled (share {traffic.ToString("R", System.Globalization.CultureInfo.InvariantCulture)})");
    }

    private static bool Triggered(Trigger trigger, AssignContext context)
    {
        if (trigger.MatchesAll)
        {
            return true;
        }

        return AnyIn(context.CartSkus, trigger.Skus, StringComparer.Ordinal)
            || AnyIn(context.CartCategories, trigger.Categories, StringComparer.OrdinalIgnoreCase);
    }

    private static bool AnyIn(IReadOnlyList<string>? cart, IReadOnlyList<string> wanted, StringComparer comparer)
    {
        if (cart is null)
        {
            return false;
        }

        foreach (var item in cart)
        {
            if (item is null)
            {
                continue;
            }

            foreach (var want in wanted)
            {
                if (comparer.Equals(item, want))
                {
                    return true;
                }
            }
        }

        return false;
    }

    private static string Show(DateTimeOffset moment) =>
        moment.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.FFFFFFF'Z'", System.Globalization.CultureInfo.InvariantCulture);
}
