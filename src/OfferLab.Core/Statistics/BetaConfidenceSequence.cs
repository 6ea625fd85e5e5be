using MathNet.Numerics;

namespace OfferLab.Core.Statistics;

/// <summary>
/// The Beta prior-to-posterior confidence sequence for a Bernoulli rate: C_n = { p : BetaPdf(p; 1 + S, 1 + F) ≥ level }.
/// Under the uniform prior the ratio prior(p*)/posterior_n(p*) is a nonnegative martingale at the true p*, so by
/// Ville's inequality p* leaves C_n at some n with probability ≤ level — at every n, whatever the allocation and
/// however often it is checked. Pass level = α / K to give each of K arms its share of the error budget.
/// </summary>
public static class BetaConfidenceSequence
{
    /// <summary>The interval for <paramref name="successes"/> out of <paramref name="trials"/> at error <paramref name="level"/> ∈ (0, 1].</summary>
    public static Interval Compute(long successes, long trials, double level)
    {
        if (successes < 0 || trials < successes)
        {
            throw new ArgumentOutOfRangeException(nameof(successes), "Need 0 ≤ successes ≤ trials.");
        }

        if (!(level > 0.0 && level <= 1.0))
        {
            throw new ArgumentOutOfRangeException(nameof(level), "The level must be in (0, 1].");
        }

        double a = 1.0 + successes, b = 1.0 + (trials - successes);
        var logBeta = SpecialFunctions.BetaLn(a, b);
        var threshold = Math.Log(level);
        double Excess(double p) => Log(a - 1.0, p) + Log(b - 1.0, 1.0 - p) - logBeta - threshold;

        // The log density is concave for a, b ≥ 1, so {Excess ≥ 0} is one interval around the mode, where the density is ≥ 1 ≥ level.
        var mode = a + b > 2.0 ? (a - 1.0) / (a + b - 2.0) : 0.5;
        var lower = Excess(0.0) >= 0.0 ? 0.0 : Bisect(Excess, 0.0, mode);
        var upper = Excess(1.0) >= 0.0 ? 1.0 : Bisect(Excess, 1.0, mode);
        return new Interval(lower, upper);
    }

    // Finds the crossing between `outside` (Excess < 0) and `inside` (Excess ≥ 0); returns the inside end, so the
    // interval is never narrower than the exact set.
    private static double Bisect(Func<double, double> excess, double outside, double inside)
    {
        for (var i = 0; i < 200; i++)
        {
            var middle = (outside + inside) / 2.0;
            if (middle == outside || middle == inside)
            {
                break;
            }

            if (excess(middle) >= 0.0)
            {
                inside = middle;
            }
            else
            {
                outside = middle;
            }
        }

        return inside;
    }

    private static double Log(double c, double y) => c == 0.0 ? 0.0 : c * Math.Log(y);
}
