using System.Text.RegularExpressions;

namespace OfferLab.Core.Declarations.Parsing;

/// <summary>Reads <c>variants</c>: 2..20 arms, unique ids, exactly one control, an offer on every other arm.</summary>
internal static partial class VariantsReader
{
    public const int MinVariants = 2;
    public const int MaxVariants = 20;

    public static ValueList<Variant>? Read(NodeReader r, YamlNode node)
    {
        if (r.List(node, "variants") is not { } list)
        {
            return null;
        }

        if (list.Items.Count is < MinVariants or > MaxVariants)
        {
            r.Error(list, "variants", $"must hold {MinVariants} to {MaxVariants} variants; got {list.Items.Count}");
        }

        var variants = new List<Variant>();
        var seen = new Dictionary<string, int>(StringComparer.Ordinal);
        var controls = new List<string>();
        for (var i = 0; i < list.Items.Count; i++)
        {
            var path = $"variants[{i}]";
            if (r.Mapping(list.Items[i], path, DeclarationKeys.Variant) is not { } keys)
            {
                continue;
            }

            var id = ExperimentReader.Get(keys, "id") is { } idNode ? r.Text(idNode, path + ".id") : null;
            if (id is not null && !IdPattern().IsMatch(id))
            {
                r.Error(keys["id"], path + ".id", $"'{id}' is not a valid variant id: 1 to 40 characters, lowercase letters, digits, '-' and '_', starting with a letter or digit");
                id = null;
            }
            else if (id is not null && seen.TryGetValue(id, out var first))
            {
                r.Error(keys["id"], path + ".id", $"duplicate variant id '{id}' (also variants[{first}])");
                id = null;
            }

            var isControl = ExperimentReader.Get(keys, "control") is { } c && r.Boolean(c, path + ".control") == true;
            var offer = ReadOffer(r, ExperimentReader.Get(keys, "offer"), path + ".offer", out var offerOk);
            if (offerOk && offer is null && !isControl)
            {
                var at = ExperimentReader.Get(keys, "offer") ?? list.Items[i];
                r.Error(at, path + ".offer", keys.ContainsKey("offer") ? "only the control may show no offer" : "missing required key 'offer' (only the control may show no offer)");
            }

            if (id is null)
            {
                continue;
            }

            seen[id] = i;
            if (isControl)
            {
                controls.Add(id);
            }

            variants.Add(new Variant(id, isControl, offer));
        }

        if (controls.Count != 1 && list.Items.Count > 0)
        {
            r.Error(list, "variants", controls.Count == 0
                ? "no variant has control: true; exactly one must"
                : $"exactly one variant may have control: true; found {controls.Count} ({string.Join(", ", controls)})");
        }

        return new ValueList<Variant>(variants);
    }

    private static Offer? ReadOffer(NodeReader r, YamlNode? node, string path, out bool ok)
    {
        ok = true;
        if (node is null || node is YamlScalar s && ScalarKinds.Of(s) == ScalarKind.Null)
        {
            return null;
        }

        if (r.Mapping(node, path, DeclarationKeys.Offer) is not { } keys)
        {
            ok = false;
            return null;
        }

        var sku = ExperimentReader.Get(keys, "sku") is { } k ? r.Text(k, path + ".sku") : null;
        if (sku is not null && !SkuPattern().IsMatch(sku))
        {
            r.Error(keys["sku"], path + ".sku", $"'{sku}' is not a valid SKU: 1 to 64 letters, digits, '.', '_' and '-'");
        }

        var title = ExperimentReader.Get(keys, "title") is { } t ? ExperimentReader.Bounded(r, t, path + ".title", 200) : null;
        var price = Money(r, ExperimentReader.Get(keys, "price"), path + ".price");
        if (price < 0)
        {
            r.Error(keys["price"], path + ".price", $"must be at least 0; got {price}");
            price = null;
        }

        var margin = Money(r, ExperimentReader.Get(keys, "margin"), path + ".margin");
        if (margin is not null && price is not null && margin > price)
        {
            r.Error(keys["margin"], path + ".margin", $"must not exceed the price ({price}); got {margin}");
        }

        return new Offer(sku ?? "", title ?? "", price ?? 0, margin ?? 0);
    }

    private static decimal? Money(NodeReader r, YamlNode? node, string path)
    {
        if (node is null || r.Number(node, path) is not { } value)
        {
            return null;
        }

        if (Math.Abs(value) > 1_000_000_000)
        {
            r.Error(node, path, $"must be at most 1,000,000,000 in size; got {NodeReader.Show(value)}");
            return null;
        }

        return Math.Round((decimal)value, 6);
    }

    [GeneratedRegex("^[a-z0-9][a-z0-9_-]{0,39}$", RegexOptions.CultureInvariant)]
    private static partial Regex IdPattern();

    [GeneratedRegex("^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$", RegexOptions.CultureInvariant)]
    private static partial Regex SkuPattern();
}
