namespace OfferLab.Core.Declarations;

/// <summary>
/// Compares a proposed declaration with the one in force and decides what may change. The rule, as a
/// statistician would set it: a change that would make the data already collected mean something else, or
/// the error guarantees of the running test no longer hold, is refused while the experiment is running or
/// paused; a change that only shapes what happens from now on is allowed and listed. A draft may change
/// anything but its id. The full table is in <c>experiments/CHANGES.md</c>.
/// </summary>
public static class DeclarationChanges
{
    private const string NewExperiment = "declare a new experiment id to test it";

    /// <summary>The changes from <paramref name="current"/> to <paramref name="proposed"/> and the refusals, positioned in <paramref name="proposed"/>'s source.</summary>
    /// <param name="current">The declaration in force.</param>
    /// <param name="proposed">The declaration being applied (its <see cref="ExperimentDeclaration.Source"/> positions the refusals).</param>
    /// <param name="isRunning">True when the experiment is running or paused (it has collected data under <paramref name="current"/>).</param>
    public static DeclarationChangeSet Compare(ExperimentDeclaration current, ExperimentDeclaration proposed, bool isRunning)
    {
        ArgumentNullException.ThrowIfNull(current);
        ArgumentNullException.ThrowIfNull(proposed);
        var c = new ChangeCollector(proposed, isRunning);
        if (current.Id != proposed.Id)
        {
            c.Refuse("id", $"an experiment's id never changes ('{current.Id}' → '{proposed.Id}'); {NewExperiment}");
        }

        c.Field("name", current.Name, proposed.Name);
        if (current.Description != proposed.Description)
        {
            c.Note("description changed");
        }

        c.Field("owner", current.Owner, proposed.Owner);
        c.Field("placement", current.Placement, proposed.Placement, ChangeCollector.Always, "a different placement is a different experiment");
        c.Field("trigger.categories", Join(current.Trigger.Categories), Join(proposed.Trigger.Categories));
        c.Field("trigger.skus", Join(current.Trigger.Skus), Join(proposed.Trigger.Skus));
        c.Field("audience.rules", Join(current.Audience.Rules), Join(proposed.Audience.Rules));
        c.Field("audience.traffic", current.Audience.Traffic, proposed.Audience.Traffic);
        VariantChanges.Compare(c, current, proposed);
        Settings(c, current, proposed);
        return new DeclarationChangeSet(new ValueList<string>(c.Changes), new ValueList<DeclarationError>(c.Refusals));
    }

    private static void Settings(ChangeCollector c, ExperimentDeclaration current, ExperimentDeclaration proposed)
    {
        c.Field("metric.primary", current.Metric.Primary, proposed.Metric.Primary, ChangeCollector.Always, "the test and its data are about the primary metric; " + NewExperiment);
        c.Field("metric.attribution_window", current.Metric.AttributionWindow, proposed.Metric.AttributionWindow, ChangeCollector.Always,
            "outcomes already counted were counted under the old window");
        c.Field("metric.guardrails", Join(current.Metric.Guardrails.Select(g => $"{EnumNames.Of(g.Metric)} max_drop {ChangeCollector.Show(g.MaxDrop)}")),
            Join(proposed.Metric.Guardrails.Select(g => $"{EnumNames.Of(g.Metric)} max_drop {ChangeCollector.Show(g.MaxDrop)}")));

        var a = current.Allocation;
        var b = proposed.Allocation;
        c.Field("allocation.policy", a.Policy, b.Policy);
        c.Field("allocation.weights", Join(a.Weights.Select(w => $"{w.Key}: {ChangeCollector.Show(w.Value)}")), Join(b.Weights.Select(w => $"{w.Key}: {ChangeCollector.Show(w.Value)}")));
        c.Field("allocation.period", a.Period, b.Period);
        c.Field("allocation.burn_in", a.BurnIn, b.BurnIn);
        c.Field("allocation.floor", a.Floor, b.Floor);
        c.Field("allocation.uniform_share", a.UniformShare, b.UniformShare);
        c.Field("allocation.top_two", a.TopTwo, b.TopTwo);
        c.Field("allocation.stickiness", a.Stickiness, b.Stickiness, ChangeCollector.Always,
            "the unit of randomisation (session or customer) fixes what one observation is");

        var s = current.Stopping;
        var t = proposed.Stopping;
        c.Field("stopping.alpha", s.Alpha, t.Alpha, ChangeCollector.Always, "the error budget is fixed when the test starts");
        c.Field("stopping.min_exposures", s.MinExposures, t.MinExposures, (old, now) => now < old, "it may only rise, which makes retirement more cautious");
        c.Field("stopping.retire_losers", s.RetireLosers, t.RetireLosers);
        c.Field("stopping.margin", s.Margin, t.Margin, (old, now) => now < old, "it may only rise, which makes retirement more cautious");
        c.Field("stopping.max_duration", s.MaxDuration, t.MaxDuration);

        c.Field("caps.per_customer_per_day", current.Caps.PerCustomerPerDay, proposed.Caps.PerCustomerPerDay);
        c.Field("caps.suppress_after_decline", current.Caps.SuppressAfterDecline, proposed.Caps.SuppressAfterDecline);
        c.Field("schedule.start", current.Schedule.Start, proposed.Schedule.Start, ChangeCollector.Always, "the experiment has already started");
        c.Field("schedule.end", current.Schedule.End, proposed.Schedule.End);
    }

    private static string Join<T>(IEnumerable<T> items) => "[" + string.Join(", ", items) + "]";
}
