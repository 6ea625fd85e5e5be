using OfferLab.Abstractions.Assignment;
using OfferLab.Abstractions.Experiments;

namespace OfferLab.Grains.Tests.Experiments;

[Collection(ClusterCollection.Name)]
public sealed class AllocationPeriodTests(ClusterFixture fixture)
{
    [Fact]
    public async Task Weights_split_equally_in_burn_in_then_move_toward_the_better_arm_at_each_period_close()
    {
        var id = "alloc-" + Guid.NewGuid().ToString("N")[..10];
        var grain = fixture.Grains.GetGrain<IExperimentGrain>(id);
        await grain.ApplyAsync(Yaml(id), id + ".yaml", "ana", asDraft: false);

        var start = await grain.GetAllocationAsync();
        Assert.NotNull(start);
        Assert.Equal(0, start.Period);
        Assert.All(start.Weights, w => Assert.Equal(1.0 / 3, w, 9));

        // Period 0: every arm past burn-in; fries converts at 12%, the others at 4%.
        await grain.RecordCountsAsync("seg-1", [Delta(0, "control", 400, 16), Delta(0, "fries", 400, 48), Delta(0, "combo", 400, 16)]);
        fixture.Time.Advance(TimeSpan.FromMinutes(10));
        await grain.ClosePeriodAsync();
        var first = await grain.GetAllocationAsync();
        Assert.NotNull(first);
        Assert.Equal(1, first.Period);
        Assert.True(first.Weights[1] > 0.8, $"fries should lead: {string.Join(", ", first.Weights)}");
        Assert.Equal(1.0, first.Weights.Sum(), 9);
        Assert.All(first.Weights, w => Assert.True(w >= (0.10 / 3) + (0.90 * 0.01) - 1e-9, "uniform share and floor keep every arm served"));

        // The same evidence folded and replayed again must not move anything: the segment counts once.
        await grain.FoldSegmentAsync("seg-1");
        await grain.RecordCountsAsync("seg-1", [Delta(0, "control", 400, 16), Delta(0, "fries", 400, 48), Delta(0, "combo", 400, 16)]);
        var counts = await grain.GetCountsAsync();
        Assert.NotNull(counts);
        Assert.Equal(400, counts.Totals.Single(t => t.Variant == "fries").Exposures);
        Assert.Equal([0L, 1L], counts.Periods.Select(p => p.Index));
        Assert.Equal(1.0 / 3, counts.Periods[0].Arms.Single(a => a.Variant == "fries").Weight, 9);
    }

    [Fact]
    public async Task A_segment_sent_again_with_its_counts_so_far_replaces_what_was_sent_of_it_before()
    {
        var id = "alloc-" + Guid.NewGuid().ToString("N")[..10];
        var grain = fixture.Grains.GetGrain<IExperimentGrain>(id);
        await grain.ApplyAsync(Yaml(id), id + ".yaml", "ana", asDraft: false);

        // A node sends a segment's counts so far at every push; one sent twice (a grain that lost it, a replay) counts once.
        await grain.RecordCountsAsync("seg-r", [Delta(0, "fries", 10, 1)]);
        await grain.RecordCountsAsync("seg-r", [Delta(0, "fries", 25, 3), Delta(0, "combo", 5, 0)]);
        await grain.RecordCountsAsync("seg-r", [Delta(0, "fries", 25, 3), Delta(0, "combo", 5, 0)]);
        await grain.RecordCountsAsync("seg-s", [Delta(0, "fries", 7, 2)]);
        var pending = await grain.GetCountsAsync();
        Assert.NotNull(pending);
        Assert.Equal((32L, 5L), (pending.Totals.Single(t => t.Variant == "fries").Exposures, pending.Totals.Single(t => t.Variant == "fries").Accepts));

        await grain.FoldSegmentAsync("seg-r");
        await grain.RecordCountsAsync("seg-r", [Delta(0, "fries", 99, 9)]);
        var folded = await grain.GetCountsAsync();
        Assert.NotNull(folded);
        Assert.Equal(32, folded.Totals.Single(t => t.Variant == "fries").Exposures);
        Assert.Equal(5, folded.Totals.Single(t => t.Variant == "combo").Exposures);
    }

    private static CountDelta Delta(long period, string variant, long exposures, long accepts) =>
        new(period, variant, exposures, accepts, 0, 0, accepts * 2.0, accepts * 4.0);

    private static string Yaml(string id) => $"""
        apiVersion: offerlab/v1
        id: {id}
        name: Sides
        placement: cart
        variants:
          - id: control
            control: true
            offer: null
          - id: fries
            offer: {"{"} sku: FRIES-M, title: Fries, price: 2.49, margin: 1.6 {"}"}
          - id: combo
            offer: {"{"} sku: COMBO-UP, title: Combo, price: 3.99, margin: 2.1 {"}"}
        allocation:
          burn_in: 100
          floor: 0.01
          uniform_share: 0.10

        """;
}
