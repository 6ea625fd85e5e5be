using System.Globalization;
using OfferLab.Abstractions.Experiments;
using OfferLab.Core.Allocation;
using OfferLab.Core.Declarations;
using OfferLab.Core.Statistics;

namespace OfferLab.Grains.Experiments;

/// <summary>
/// What a period close decides (DESIGN.md): bounds at α/K for every arm, losers retired, guardrails checked against
/// the control, the next period's weights over the arms left, and the conclusion once the offers are decided or
/// <c>max_duration</c> has passed. Every decision goes into the log with its evidence.
/// </summary>
public sealed partial class ExperimentGrain
{
    private bool Active(string variant) => !counts.State.Arms.ContainsKey(variant);

    /// <summary>The next period's weights; with <paramref name="decide"/> also retires losers and guardrail breakers and logs it.</summary>
    private Dictionary<string, double> Decide(ExperimentDeclaration declaration, bool decide)
    {
        var now = time.GetUtcNow();
        var closed = counts.State.Period - 1;
        RetireRemoved(declaration, now, closed);
        var all = AllCounts();
        var ids = declaration.Variants.Select(v => v.Id).ToList();
        var totals = ids.Select(id => Total(all, id)).ToList();
        var stopping = declaration.Stopping;
        var retirement = new RetirementSettings(stopping.Alpha, stopping.MinExposures, stopping.Margin, decide && stopping.RetireLosers, ids.IndexOf(declaration.Control.Id));
        var allocation = declaration.Allocation;
        var shaping = new WeightSettings(allocation.BurnIn, allocation.Floor, allocation.UniformShare, allocation.TopTwo);
        PeriodCloseArm[] Arms() => [.. ids.Select((id, k) => new PeriodCloseArm(id, totals[k].Accepts, totals[k].Exposures, Active(id)))];
        var result = PeriodClose.Evaluate(Arms(), shaping, retirement);
        foreach (var evidence in result.Retired)
        {
            Retire(evidence.ArmId, "loser", now, closed, "retired",
                $"{evidence.ArmId}: conversion upper bound {F(evidence.Bounds.Upper)} < leader {evidence.LeaderId}'s lower bound {F(evidence.LeaderBounds.Lower)} - margin {F(evidence.Margin)} (α/K = {F(stopping.Alpha / ids.Count)}, {evidence.Exposures} exposures)",
                new()
                {
                    ["lower"] = evidence.Bounds.Lower, ["upper"] = evidence.Bounds.Upper, ["exposures"] = evidence.Exposures,
                    ["leaderLower"] = evidence.LeaderBounds.Lower, ["leaderUpper"] = evidence.LeaderBounds.Upper,
                    ["leaderExposures"] = evidence.LeaderExposures, ["margin"] = evidence.Margin, ["level"] = stopping.Alpha / ids.Count,
                });
        }

        var guarded = decide && CheckGuardrails(declaration, all, now, closed);
        double[] weights;
        if (allocation.Policy == AllocationPolicy.Fixed)
        {
            weights = FixedWeights.Compute([.. ids.Select(id => allocation.Weights.GetValueOrDefault(id))], [.. ids.Select(Active)]);
        }
        else
        {
            weights = guarded ? PeriodClose.Evaluate(Arms(), shaping, retirement with { RetireLosers = false }).Weights : result.Weights;
        }

        var next = ids.Select((id, k) => (id, weights[k])).ToDictionary(x => x.id, x => x.Item2);
        if (decide)
        {
            var evidence = new Dictionary<string, double>();
            for (var k = 0; k < ids.Count; k++)
            {
                evidence[$"{ids[k]}.weight"] = weights[k];
                evidence[$"{ids[k]}.exposures"] = totals[k].Exposures;
                evidence[$"{ids[k]}.accepts"] = totals[k].Accepts;
                evidence[$"{ids[k]}.lower"] = result.Bounds[k].Lower;
                evidence[$"{ids[k]}.upper"] = result.Bounds[k].Upper;
            }

            Log(now, "weights", closed, null, null,
                $"period {closed} closed; next weights {string.Join(", ", ids.Select((id, k) => $"{id} {F(weights[k])}"))}", evidence);
        }

        return next;
    }

    /// <summary>One-sided always-valid test per guardrail: an offer arm whose rate drops below control's by more than max_drop is retired.</summary>
    private bool CheckGuardrails(ExperimentDeclaration declaration, Dictionary<(long Period, string Variant), ArmCounts> all, DateTimeOffset now, long closed)
    {
        var retiredAny = false;
        var control = declaration.Control.Id;
        var level = declaration.Stopping.Alpha / declaration.Variants.Count;
        foreach (var guardrail in declaration.Metric.Guardrails.Where(g => g.Metric == GuardrailMetric.CorePurchase))
        {
            var baseline = CorePurchaseEstimate(all, control);
            foreach (var variant in declaration.Variants.Where(v => !v.IsControl && Active(v.Id)))
            {
                var arm = CorePurchaseEstimate(all, variant.Id);
                if (!arm.IsDefined || !baseline.IsDefined || arm.Exposures < declaration.Stopping.MinExposures)
                {
                    continue;
                }

                var test = GuardrailTest.Evaluate(arm, baseline, guardrail.MaxDrop, level);
                if (test.Breached)
                {
                    Retire(variant.Id, "guardrail", now, closed, "guardrail",
                        $"{variant.Id}: core-purchase rate {F(arm.Mean)} vs control {F(baseline.Mean)}; drop ≥ {F(test.DropLowerBound)} > max_drop {F(guardrail.MaxDrop)} (p = {F(test.PValue)})",
                        new() { ["drop"] = test.Drop, ["dropLower"] = test.DropLowerBound, ["maxDrop"] = test.MaxDrop, ["pValue"] = test.PValue, ["rate"] = arm.Mean, ["controlRate"] = baseline.Mean });
                    retiredAny = true;
                }
            }
        }

        return retiredAny;
    }

    /// <summary>Period-weighted core-purchase rate of one arm (DESIGN.md: no Simpson's paradox when weights move).</summary>
    private static Estimate CorePurchaseEstimate(Dictionary<(long Period, string Variant), ArmCounts> all, string variant)
    {
        var traffic = all.GroupBy(c => c.Key.Period).ToDictionary(g => g.Key, g => g.Sum(c => c.Value.Exposures));
        var samples = all.Where(c => c.Key.Variant == variant && c.Value.Exposures > 0)
            .Select(c => PeriodArmSample.Bernoulli(traffic[c.Key.Period], c.Value.Exposures, Math.Min(c.Value.CorePurchases, c.Value.Exposures)));
        return PeriodWeightedEstimator.Estimate(samples, bernoulli: true);
    }

    /// <summary>A variant a new version removed is retired (reason <c>removed</c>), once.</summary>
    private void RetireRemoved(ExperimentDeclaration declaration, DateTimeOffset now, long period)
    {
        foreach (var gone in counts.State.Weights.Keys.Where(id => declaration.Variants.All(v => v.Id != id) && Active(id)).ToList())
        {
            Retire(gone, "removed", now, period, "retired", $"{gone}: removed from the declaration", []);
        }
    }

    /// <summary>Concludes a running experiment when at most one offer is left after retirements, or when max_duration has passed.</summary>
    private async Task ConcludeIfDecidedAsync(ExperimentDeclaration declaration)
    {
        if (state.State.Status != ExperimentStatus.Running)
        {
            return;
        }

        var now = time.GetUtcNow();
        var offers = declaration.Variants.Where(v => !v.IsControl).ToList();
        var left = offers.Where(v => Active(v.Id)).ToList();
        var started = state.State.Lifecycle.FirstOrDefault(e => e.To == ExperimentStatus.Running)?.At ?? now;
        string? why = null;
        string winner;
        if (left.Count < offers.Count && left.Count <= 1)
        {
            winner = left.Count == 1 ? left[0].Id : declaration.Control.Id;
            why = left.Count == 1 ? $"one offer left: {winner}" : "every offer retired: serving the control";
        }
        else if (now - started >= declaration.Stopping.MaxDuration)
        {
            winner = BestArm(declaration);
            why = $"max_duration {declaration.Stopping.MaxDuration} passed; serving the best active arm {winner}";
        }
        else
        {
            return;
        }

        state.State.Winner = winner;
        counts.State.Arms[winner] = new ArmStatus("winner", now, why);
        Log(now, "concluded", counts.State.Period - 1, winner, null, why, []);
        await WriteCountsAsync();
        await MoveAsync("offerlab", ExperimentStatus.Concluded, $"concluded: {why}", from => from == ExperimentStatus.Running);
    }

    private void Retire(string variant, string reason, DateTimeOffset now, long period, string type, string summary, Dictionary<string, double> evidence)
    {
        counts.State.Arms[variant] = new ArmStatus("retired", now, reason);
        Log(now, type, period, variant, reason, summary, evidence);
    }

    private void Log(DateTimeOffset at, string type, long period, string? variant, string? reason, string summary, Dictionary<string, double> evidence) =>
        counts.State.Decisions.Add(new DecisionRecord(at, type, period, variant, reason, summary, evidence));

    private static string F(double value) => value.ToString("0.####", CultureInfo.InvariantCulture);
}
