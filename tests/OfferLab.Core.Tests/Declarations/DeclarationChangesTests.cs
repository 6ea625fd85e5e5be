using OfferLab.Core.Declarations;
using OfferLab.Testing;

namespace OfferLab.Core.Tests.Declarations;

/// <summary>The change rules of <c>experiments/CHANGES.md</c>: what a running experiment may and may not change.</summary>
public sealed class DeclarationChangesTests
{
    private static readonly string Original = File.ReadAllText(Path.Combine(RepositoryPaths.Root, "experiments", "burger-sides.yaml"));

    private static ExperimentDeclaration Parse(string text) =>
        DeclarationParser.Parse(text, "burger-sides.yaml") is { IsValid: true } result ? result.Declaration! : throw new InvalidOperationException("invalid test input");

    private static DeclarationChangeSet Change(string from, string to, bool running = true) =>
        DeclarationChanges.Compare(Parse(Original), Parse(Original.Replace(from, to, StringComparison.Ordinal)), running);

    [Fact]
    public void The_same_declaration_laid_out_differently_has_no_changes()
    {
        var reformatted = Original.Replace("floor: 0.01", "floor: 0.010", StringComparison.Ordinal).Replace("# Food", "\n\n# Food", StringComparison.Ordinal);

        var changes = DeclarationChanges.Compare(Parse(Original), Parse(reformatted), isRunning: true);

        Assert.False(changes.HasChanges);
        Assert.Empty(changes.Refusals);
        Assert.Equal(Parse(Original), Parse(reformatted));
    }

    [Fact]
    public void Adding_a_variant_while_running_puts_it_into_burn_in()
    {
        var changes = Change("metric:\n", "  - id: coleslaw\n    offer: { sku: SLAW-S, title: Add coleslaw, price: 1.99, margin: 1.30 }\nmetric:\n");

        Assert.Equal(["variant 'coleslaw' added (enters burn-in)"], changes.Changes);
        Assert.Empty(changes.Refusals);
    }

    [Fact]
    public void Removing_a_variant_while_running_retires_it()
    {
        var changes = Change("  - id: onion-rings\n    offer: { sku: RINGS-M, title: Add onion rings, price: 2.79, margin: 1.75 }\n", "");

        Assert.Equal(["variant 'onion-rings' removed (retired)"], changes.Changes);
        Assert.Empty(changes.Refusals);
    }

    [Fact]
    public void Allocation_settings_may_change_and_are_listed_old_to_new()
    {
        var changes = Change("floor: 0.01", "floor: 0.02");

        Assert.Equal(["allocation.floor: 0.01 → 0.02"], changes.Changes);
        Assert.True(changes.IsAllowed);
    }

    [Theory]
    [InlineData("alpha: 0.05", "alpha: 0.1", "burger-sides.yaml:43:10: stopping.alpha: cannot change while the experiment is running (0.05 → 0.1); the error budget is fixed when the test starts")]
    [InlineData("primary: conversion", "primary: revenue", "burger-sides.yaml:30:12: metric.primary: cannot change while the experiment is running (conversion → revenue); the test and its data are about the primary metric; declare a new experiment id to test it")]
    [InlineData("attribution_window: 2h", "attribution_window: 24h", "burger-sides.yaml:31:23: metric.attribution_window: cannot change while the experiment is running (2h → 1d); outcomes already counted were counted under the old window")]
    [InlineData("stickiness: session", "stickiness: customer", "burger-sides.yaml:41:15: allocation.stickiness: cannot change while the experiment is running (session → customer); the unit of randomisation (session or customer) fixes what one observation is")]
    [InlineData("min_exposures: 500", "min_exposures: 100", "burger-sides.yaml:44:18: stopping.min_exposures: cannot change while the experiment is running (500 → 100); it may only rise, which makes retirement more cautious")]
    [InlineData("sku: FRIES-M", "sku: FRIES-L", "burger-sides.yaml:24:19: variants[1].offer.sku: cannot change while the experiment is running ('FRIES-M' → 'FRIES-L'); the arm's data is about what it showed; add a new variant id instead")]
    [InlineData("price: 2.49", "price: 1.99", "burger-sides.yaml:24:60: variants[1].offer.price: cannot change while the experiment is running (2.49 → 1.99); the arm's data is about what it showed; add a new variant id instead")]
    [InlineData("placement: cart", "placement: checkout", "burger-sides.yaml:10:12: placement: cannot change while the experiment is running (cart → checkout); a different placement is a different experiment")]
    [InlineData("id: burger-sides", "id: burger-sides-2", "burger-sides.yaml:4:5: id: an experiment's id never changes ('burger-sides' → 'burger-sides-2'); declare a new experiment id to test it")]
    public void Changes_that_invalidate_collected_data_are_refused_while_running(string from, string to, string refusal)
    {
        var changes = Change(from, to);

        Assert.Equal([refusal], changes.Refusals.Select(r => r.ToString()));
    }

    [Fact]
    public void The_control_cannot_change_while_running_but_may_in_a_draft()
    {
        const string From = "  - id: control\n    control: true\n    offer: null\n  - id: fries\n";
        const string To = "  - id: control\n    offer: { sku: WATER, title: Add water, price: 1, margin: 0.5 }\n  - id: fries\n    control: true\n";

        Assert.Contains(Change(From, To).Refusals, r => r.Path == "variants" && r.Message.StartsWith("the control cannot change", StringComparison.Ordinal));
        Assert.Empty(Change(From, To, running: false).Refusals);
        Assert.Contains("control: 'control' → 'fries'", Change(From, To, running: false).Changes);
    }

    [Fact]
    public void A_draft_may_change_its_statistical_settings()
    {
        var changes = Change("alpha: 0.05", "alpha: 0.1", running: false);

        Assert.Empty(changes.Refusals);
        Assert.Equal(["stopping.alpha: 0.05 → 0.1"], changes.Changes);
    }

    [Fact]
    public void Raising_min_exposures_and_margin_is_allowed_while_running()
    {
        var changes = Change("min_exposures: 500", "min_exposures: 800");

        Assert.Empty(changes.Refusals);
        Assert.Equal(["stopping.min_exposures: 500 → 800"], changes.Changes);
    }

    [Fact]
    public void Every_refusal_of_one_apply_is_reported()
    {
        var proposed = Original.Replace("alpha: 0.05", "alpha: 0.1", StringComparison.Ordinal).Replace("placement: cart", "placement: checkout", StringComparison.Ordinal);

        var changes = DeclarationChanges.Compare(Parse(Original), Parse(proposed), isRunning: true);

        Assert.Equal(["placement", "stopping.alpha"], changes.Refusals.Select(r => r.Path));
    }
}
