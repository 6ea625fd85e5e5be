namespace OfferLab.Core.Allocation;

/// <summary>
/// Deterministic one-dimensional integrals over independent Beta posteriors, on one grid that is the
/// union of every arm's own grid (so a narrow posterior is resolved even inside a wide one), with
/// two-point Gauss–Legendre on each interval. Accuracy is about 1e-6 on P(best); see the vectors.
/// </summary>
internal static class PosteriorIntegrals
{
    private static readonly double GaussOffset = 1.0 / Math.Sqrt(3.0);

    // Arms with overlapping windows contribute nearly interleaved nodes; keeping every one would multiply the work by
    // K for no accuracy. Keep a node only when it is at least half the finest covering table step past the last kept
    // one, so every interval stays under 1.5 of the finest local step.
    private static double[] Thin(double[] sorted, BetaPosteriorTable[] tables)
    {
        var kept = new List<double>(sorted.Length / 2) { sorted[0] };
        for (var i = 1; i < sorted.Length; i++)
        {
            var x = sorted[i];
            var step = double.PositiveInfinity;
            foreach (var table in tables)
            {
                if (x >= table.Lower && x <= table.Upper && table.Step < step)
                {
                    step = table.Step;
                }
            }

            if (x - kept[^1] >= 0.5 * step || i == sorted.Length - 1)
            {
                kept.Add(x);
            }
        }

        return [.. kept];
    }

    /// <summary>
    /// Returns, per arm k: P(k is best) = ∫ f_k Π_{j≠k} F_j; P(k is second) = ∫ f_k Σ_{j≠k} (1 − F_j) Π_{i∉{j,k}} F_i
    /// when <paramref name="second"/> is given; and the expected loss ∫ F_k (1 − Π_{j≠k} F_j) when
    /// <paramref name="loss"/> is given (E[max(M − X_k, 0)] = ∫ P(X_k ≤ t &lt; M) dt for M the best other arm).
    /// </summary>
    public static void Compute(ReadOnlySpan<BetaArm> arms, Span<double> best, Span<double> second, Span<double> loss)
    {
        var count = arms.Length;
        var tables = new BetaPosteriorTable[count];
        var breaks = new double[count * (BetaPosteriorTable.Intervals + 1)];
        for (var k = 0; k < count; k++)
        {
            arms[k].Validate();
            tables[k] = new BetaPosteriorTable(arms[k].Alpha, arms[k].Beta);
            for (var i = 0; i <= BetaPosteriorTable.Intervals; i++)
            {
                breaks[(k * (BetaPosteriorTable.Intervals + 1)) + i] = tables[k].Node(i);
            }
        }

        Array.Sort(breaks);
        breaks = Thin(breaks, tables);
        best.Clear();
        second.Clear();
        loss.Clear();
        Span<double> density = stackalloc double[count];
        Span<double> cdf = stackalloc double[count];
        Span<double> prefix = stackalloc double[count + 1];
        Span<double> suffix = stackalloc double[count + 1];
        Span<double> prefix1 = stackalloc double[count + 1];
        Span<double> suffix1 = stackalloc double[count + 1];
        for (var b = 0; b + 1 < breaks.Length; b++)
        {
            var half = (breaks[b + 1] - breaks[b]) / 2.0;
            if (half <= 0.0)
            {
                continue;
            }

            var middle = breaks[b] + half;
            for (var g = -1; g <= 1; g += 2)
            {
                var x = middle + (g * half * GaussOffset);
                for (var k = 0; k < count; k++)
                {
                    tables[k].Evaluate(x, out density[k], out cdf[k]);
                }

                // Products "over every arm but k" from prefix and suffix products: no division by a CDF that may be 0.
                // The second pair carries the coefficient of "exactly one other arm is above x".
                prefix[0] = 1.0;
                prefix1[0] = 0.0;
                for (var k = 0; k < count; k++)
                {
                    prefix[k + 1] = prefix[k] * cdf[k];
                    prefix1[k + 1] = (prefix1[k] * cdf[k]) + (prefix[k] * (1.0 - cdf[k]));
                }

                suffix[count] = 1.0;
                suffix1[count] = 0.0;
                for (var k = count - 1; k >= 0; k--)
                {
                    suffix[k] = suffix[k + 1] * cdf[k];
                    suffix1[k] = (suffix1[k + 1] * cdf[k]) + (suffix[k + 1] * (1.0 - cdf[k]));
                }

                for (var k = 0; k < count; k++)
                {
                    var others = prefix[k] * suffix[k + 1];
                    best[k] += half * density[k] * others;
                    if (!second.IsEmpty)
                    {
                        second[k] += half * density[k] * ((prefix[k] * suffix1[k + 1]) + (prefix1[k] * suffix[k + 1]));
                    }

                    if (!loss.IsEmpty)
                    {
                        loss[k] += half * cdf[k] * (1.0 - others);
                    }
                }
            }
        }
    }
}
