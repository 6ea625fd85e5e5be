using System.Collections.Immutable;
using OfferLab.Abstractions.Experiments;
using OfferLab.Core.Segments;

namespace OfferLab.Grains.Experiments;

/// <summary>
/// Counts per segment (an attribute the assign request sent, and its value), pooled over periods, for the report's
/// breakdowns. At most <see cref="MaxValuesPerAttribute"/> values are kept per attribute; later ones count under
/// <c>(other)</c>, so a free-form attribute cannot grow the state without bound.
/// </summary>
public sealed partial class ExperimentGrain
{
    public const int MaxValuesPerAttribute = 100;
    private const string Other = "(other)";

    public Task<ImmutableArray<SegmentTally>> GetSegmentsAsync(string attribute)
    {
        var merged = new Dictionary<(string Value, string Variant), ArmCounts>();
        if (counts.State.Segments.TryGetValue(attribute, out var values))
        {
            foreach (var (value, arms) in values)
            {
                foreach (var (variant, sum) in arms)
                {
                    merged[(value, variant)] = sum;
                }
            }
        }

        foreach (var pending in _pendingSegments.Values)
        {
            foreach (var ((segment, variant), sum) in pending)
            {
                if (SegmentPairs.Decode(segment) is [var (name, value)] && name == attribute)
                {
                    var key = (Bounded(attribute, value), variant);
                    merged[key] = merged.GetValueOrDefault(key, ArmCounts.Zero).Add(sum);
                }
            }
        }

        return Task.FromResult(merged.GroupBy(m => m.Key.Value).OrderBy(g => g.Key, StringComparer.Ordinal)
            .Select(g => new SegmentTally(g.Key, [.. g.Select(m => new ArmTally(m.Key.Variant, 0, m.Value.Exposures, m.Value.Accepts, m.Value.Declines, m.Value.CorePurchases, m.Value.Revenue, m.Value.RevenueSquares))]))
            .ToImmutableArray());
    }

    private void FoldSegments(Dictionary<(string Segment, string Variant), ArmCounts> segments)
    {
        foreach (var ((segment, variant), sum) in segments)
        {
            if (SegmentPairs.Decode(segment) is not [var (attribute, raw)])
            {
                continue;
            }

            if (!counts.State.Segments.TryGetValue(attribute, out var values))
            {
                counts.State.Segments[attribute] = values = [];
            }

            var value = Bounded(attribute, raw);
            if (!values.TryGetValue(value, out var arms))
            {
                values[value] = arms = [];
            }

            arms[variant] = arms.GetValueOrDefault(variant, ArmCounts.Zero).Add(sum);
        }
    }

    private string Bounded(string attribute, string value) =>
        counts.State.Segments.TryGetValue(attribute, out var values) && !values.ContainsKey(value) && values.Count >= MaxValuesPerAttribute ? Other : value;
}
