namespace OfferLab.Core.Declarations;

/// <summary>
/// The variant part of <see cref="DeclarationChanges"/>: arms come and go freely (a new arm enters burn-in, a
/// removed arm is retired with its data kept), but what an existing arm shows, and which arm is the control,
/// is fixed once data has been collected under it.
/// </summary>
internal static class VariantChanges
{
    public static void Compare(ChangeCollector c, ExperimentDeclaration current, ExperimentDeclaration proposed)
    {
        if (current.Control.Id != proposed.Control.Id)
        {
            if (c.IsRunning)
            {
                c.Refuse("variants", $"the control cannot change while the experiment is running ('{current.Control.Id}' → '{proposed.Control.Id}'); every lift is measured against it");
            }
            else
            {
                c.Note($"control: '{current.Control.Id}' → '{proposed.Control.Id}'");
            }
        }

        for (var i = 0; i < proposed.Variants.Count; i++)
        {
            var next = proposed.Variants[i];
            var path = $"variants[{i}]";
            if (current.FindVariant(next.Id) is not { } old)
            {
                c.Note(c.IsRunning ? $"variant '{next.Id}' added (enters burn-in)" : $"variant '{next.Id}' added");
                continue;
            }

            Offer(c, path, old, next, proposed.Metric.Primary);
        }

        foreach (var old in current.Variants.Where(v => proposed.FindVariant(v.Id) is null))
        {
            if (c.IsRunning && old.IsControl)
            {
                continue; // Already refused above as a change of control.
            }

            c.Note(c.IsRunning ? $"variant '{old.Id}' removed (retired)" : $"variant '{old.Id}' removed");
        }
    }

    private static void Offer(ChangeCollector c, string path, Variant old, Variant next, PrimaryMetric primary)
    {
        const string NewArm = "the arm's data is about what it showed; add a new variant id instead";
        if (old.Offer is null || next.Offer is null)
        {
            if (old.Offer != next.Offer)
            {
                var change = $"{(old.Offer is null ? "no offer" : old.Offer.Sku)} → {(next.Offer is null ? "no offer" : next.Offer.Sku)}";
                if (c.IsRunning)
                {
                    c.Refuse(path + ".offer", $"cannot change while the experiment is running ({change}); {NewArm}");
                }
                else
                {
                    c.Note($"variant '{next.Id}' offer: {change}");
                }
            }

            return;
        }

        c.Field(path + ".offer.sku", old.Offer.Sku, next.Offer.Sku, ChangeCollector.Always, NewArm);
        c.Field(path + ".offer.price", old.Offer.Price, next.Offer.Price, ChangeCollector.Always, NewArm);
        c.Field(path + ".offer.title", old.Offer.Title, next.Offer.Title);
        c.Field(path + ".offer.margin", old.Offer.Margin, next.Offer.Margin,
            (_, _) => primary == PrimaryMetric.Margin, "margin is the primary metric, so the arm's data is in the old margin");
    }
}
