using OfferLab.Abstractions.Assignment;
using OfferLab.Abstractions.Experiments;

namespace OfferLab.Grains.Tests.Experiments;

/// <summary>Period closes driven by fake time: losers and guardrail breakers retired with evidence, equal arms kept, conclusion.</summary>
[Collection(ClusterCollection.Name)]
public sealed class RetirementTests(ClusterFixture fixture)
{
    [Fact]
    public async Task A_clearly_losing_offer_is_retired_with_its_evidence_and_gets_no_more_traffic()
    {
        var (id, grain) = await DeclareAsync(["fries", "shake", "cookie"], guardrail: false);

        await grain.RecordCountsAsync("seg-a", [Delta(0, "control", 3000, 0, 1860), Delta(0, "fries", 3000, 360, 1860), Delta(0, "shake", 3000, 330, 1860), Delta(0, "cookie", 3000, 60, 1860)]);
        await CloseAsync(grain);

        var counts = (await grain.GetCountsAsync())!;
        var cookie = counts.Arms.Single(a => a.Variant == "cookie");
        Assert.Equal("retired", cookie.State);
        Assert.Equal("loser", cookie.Reason);
        Assert.NotNull(cookie.RetiredAt);
        Assert.All(counts.Arms.Where(a => a.Variant != "cookie"), a => Assert.Equal("active", a.State));
        var decision = counts.Decisions.Single(d => d.Type == "retired");
        Assert.Equal("cookie", decision.Variant);
        Assert.True(decision.Evidence["upper"] < decision.Evidence["leaderLower"], decision.Summary);
        Assert.Equal(3000, decision.Evidence["exposures"]);
        var allocation = (await grain.GetAllocationAsync())!;
        Assert.Equal(0.0, allocation.Weights[3]);
        Assert.Equal(1.0, allocation.Weights.Sum(), 9);
        Assert.DoesNotContain("cookie", allocation.ActiveArms);
        Assert.Equal(ExperimentStatus.Running, allocation.Status);
        Assert.Contains(counts.Decisions, d => d.Type == "weights" && d.Evidence["cookie.weight"] == 0.0);
    }

    [Fact]
    public async Task Equal_offers_are_not_retired_however_often_periods_close()
    {
        var (_, grain) = await DeclareAsync(["fries", "shake", "cookie"], guardrail: false);
        var random = new Random(7);
        for (var period = 0; period < 30; period++)
        {
            var deltas = new[] { "control", "fries", "shake", "cookie" }.Select(v =>
            {
                var accepts = v == "control" ? 0 : Enumerable.Range(0, 1000).Count(_ => random.NextDouble() < 0.10);
                return Delta(period, v, 1000, accepts, 600);
            });
            await grain.RecordCountsAsync($"seg-{period}", [.. deltas]);
            await CloseAsync(grain);
        }

        var counts = (await grain.GetCountsAsync())!;
        Assert.All(counts.Arms, a => Assert.Equal("active", a.State));
        Assert.DoesNotContain(counts.Decisions, d => d.Type is "retired" or "guardrail" or "concluded");
        Assert.Equal(30, counts.Decisions.Count(d => d.Type == "weights"));
    }

    [Fact]
    public async Task An_offer_that_costs_core_purchases_is_retired_by_its_guardrail()
    {
        var (_, grain) = await DeclareAsync(["fries", "shake", "cookie"], guardrail: true);

        // Shake converts well but its sessions complete the core purchase far less often than control's.
        await grain.RecordCountsAsync("seg-g", [Delta(0, "control", 5000, 0, 3100), Delta(0, "fries", 5000, 600, 3100), Delta(0, "shake", 5000, 580, 2000), Delta(0, "cookie", 5000, 560, 3100)]);
        await CloseAsync(grain);

        var counts = (await grain.GetCountsAsync())!;
        var shake = counts.Arms.Single(a => a.Variant == "shake");
        Assert.Equal(("retired", "guardrail"), (shake.State, shake.Reason));
        var decision = counts.Decisions.Single(d => d.Type == "guardrail");
        Assert.True(decision.Evidence["dropLower"] > decision.Evidence["maxDrop"]);
        Assert.Equal("active", counts.Arms.Single(a => a.Variant == "control").State);
    }

    [Fact]
    public async Task When_one_offer_is_left_the_experiment_concludes_and_serves_it()
    {
        var (_, grain) = await DeclareAsync(["fries", "cookie"], guardrail: false);

        await grain.RecordCountsAsync("seg-c", [Delta(0, "control", 3000, 0, 1800), Delta(0, "fries", 3000, 360, 1800), Delta(0, "cookie", 3000, 60, 1800)]);
        await CloseAsync(grain);

        var allocation = (await grain.GetAllocationAsync())!;
        Assert.Equal(ExperimentStatus.Concluded, allocation.Status);
        Assert.Equal("fries", allocation.Winner);
        var counts = (await grain.GetCountsAsync())!;
        Assert.Equal("winner", counts.Arms.Single(a => a.Variant == "fries").State);
        Assert.Contains(counts.Decisions, d => d.Type == "concluded" && d.Variant == "fries");
        var snapshot = (await grain.GetAsync())!;
        Assert.Equal("offerlab", snapshot.Lifecycle[^1].Actor);
    }

    [Fact]
    public async Task When_max_duration_passes_the_experiment_concludes_with_the_best_arm()
    {
        var (_, grain) = await DeclareAsync(["fries", "shake"], guardrail: false, maxDuration: "1d");

        await grain.RecordCountsAsync("seg-m", [Delta(0, "control", 200, 0, 120), Delta(0, "fries", 200, 30, 120), Delta(0, "shake", 200, 20, 120)]);
        fixture.Time.Advance(TimeSpan.FromDays(1));
        await grain.ClosePeriodAsync();

        var allocation = (await grain.GetAllocationAsync())!;
        Assert.Equal(ExperimentStatus.Concluded, allocation.Status);
        Assert.Equal("fries", allocation.Winner);
        Assert.Contains((await grain.GetCountsAsync())!.Decisions, d => d.Type == "concluded" && d.Summary.Contains("max_duration", StringComparison.Ordinal));
    }

    private async Task CloseAsync(IExperimentGrain grain)
    {
        fixture.Time.Advance(TimeSpan.FromMinutes(1));
        await grain.ClosePeriodAsync();
    }

    private async Task<(string Id, IExperimentGrain Grain)> DeclareAsync(string[] offers, bool guardrail, string maxDuration = "30d")
    {
        var id = "retire-" + Guid.NewGuid().ToString("N")[..10];
        var grain = fixture.Grains.GetGrain<IExperimentGrain>(id);
        var variants = string.Concat(offers.Select(o => $"\n  - id: {o}\n    offer: {{ sku: {o.ToUpperInvariant()}, title: {o}, price: 2.0, margin: 1.0 }}"));
        var guardrails = guardrail ? "\n  guardrails:\n    - { metric: core_purchase, max_drop: 0.02 }" : "";
        var yaml = $"""
            apiVersion: offerlab/v1
            id: {id}
            name: Retirement
            placement: cart
            variants:
              - id: control
                control: true
                offer: null{variants}
            metric:
              primary: conversion{guardrails}
            allocation:
              period: 1m
              burn_in: 100
            stopping:
              alpha: 0.05
              min_exposures: 300
              max_duration: {maxDuration}

            """;
        var applied = await grain.ApplyAsync(yaml, id + ".yaml", "ana", asDraft: false);
        Assert.True(applied.Outcome == ApplyOutcome.Created, string.Join("; ", applied.Errors.Select(e => e.Message)));
        return (id, grain);
    }

    private static CountDelta Delta(long period, string variant, long exposures, long accepts, long corePurchases) =>
        new(period, variant, exposures, accepts, 0, corePurchases, accepts * 2.0, accepts * 4.0);
}
