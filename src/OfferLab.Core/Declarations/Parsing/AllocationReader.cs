namespace OfferLab.Core.Declarations.Parsing;

/// <summary>Reads <c>allocation</c>; fixed weights must name every variant and nothing else.</summary>
internal static class AllocationReader
{
    public static AllocationSettings Read(NodeReader r, YamlNode? node, IReadOnlyList<string>? variantIds)
    {
        var d = AllocationSettings.Default;
        if (r.Mapping(node, "allocation", DeclarationKeys.Allocation) is not { } keys)
        {
            return d;
        }

        var policy = ExperimentReader.Get(keys, "policy") is { } p ? r.Choice<AllocationPolicy>(p, "allocation.policy") ?? d.Policy : d.Policy;
        var weights = Weights(r, node!, ExperimentReader.Get(keys, "weights"), policy, keys.ContainsKey("policy"), variantIds);
        var floor = SettingsReader.Range(r, ExperimentReader.Get(keys, "floor"), "allocation.floor", x => x is >= 0 and < 0.5, "in [0, 0.5)") ?? d.Floor;
        if (variantIds is { Count: > 0 } && floor * variantIds.Count > 1)
        {
            r.Error(keys["floor"], "allocation.floor", $"floor × variants must be at most 1; {NodeReader.Show(floor)} × {variantIds.Count} = {NodeReader.Show(floor * variantIds.Count)}");
        }

        return new AllocationSettings(
            policy,
            weights,
            ExperimentReader.Get(keys, "period") is { } t ? r.Duration(t, "allocation.period", TimeSpan.FromMinutes(1), TimeSpan.FromDays(7)) ?? d.Period : d.Period,
            ExperimentReader.Get(keys, "burn_in") is { } b ? r.Integer(b, "allocation.burn_in", 0, 1_000_000) ?? d.BurnIn : d.BurnIn,
            floor,
            SettingsReader.Range(r, ExperimentReader.Get(keys, "uniform_share"), "allocation.uniform_share", x => x is >= 0 and <= 1, "in [0, 1]") ?? d.UniformShare,
            ExperimentReader.Get(keys, "top_two") is { } two ? r.Boolean(two, "allocation.top_two") ?? d.TopTwo : d.TopTwo,
            ExperimentReader.Get(keys, "stickiness") is { } s ? r.Choice<Stickiness>(s, "allocation.stickiness") ?? d.Stickiness : d.Stickiness);
    }

    private static ValueMap<double> Weights(NodeReader r, YamlNode allocation, YamlNode? node, AllocationPolicy policy, bool policyGiven, IReadOnlyList<string>? variantIds)
    {
        if (node is null)
        {
            if (policy == AllocationPolicy.Fixed)
            {
                r.Error(allocation, "allocation.weights", "missing required key 'weights' (the fixed policy needs a weight for every variant)");
            }

            return ValueMap<double>.Empty;
        }

        if (policy != AllocationPolicy.Fixed)
        {
            r.Error(node, "allocation.weights", policyGiven ? "weights apply to the fixed policy only; remove them or set policy: fixed" : "weights apply to the fixed policy only; add policy: fixed");
            return ValueMap<double>.Empty;
        }

        if (node is not YamlMapping mapping)
        {
            r.Error(node, "allocation.weights", $"expected a mapping of variant id to weight, found {ScalarKinds.Describe(node)}");
            return ValueMap<double>.Empty;
        }

        var weights = new List<KeyValuePair<string, double>>();
        foreach (var (key, value) in mapping.Entries)
        {
            var path = "allocation.weights." + key.Value;
            r.Positions[path] = (value.Line, value.Column);
            if (variantIds is not null && !variantIds.Contains(key.Value))
            {
                r.Error(key, path, $"names no variant; the variants are: {string.Join(", ", variantIds)}");
            }
            else if (SettingsReader.Range(r, value, path, x => x is >= 0 and <= 1_000_000, "from 0 to 1,000,000") is { } weight)
            {
                weights.Add(new(key.Value, weight));
            }
        }

        foreach (var missing in variantIds?.Where(id => mapping.Entries.All(e => e.Key.Value != id)) ?? [])
        {
            r.Error(mapping, "allocation.weights", $"missing a weight for variant '{missing}' (fixed weights name every variant)");
        }

        if (weights.Count == mapping.Entries.Count && weights.Count > 0 && weights.Sum(w => w.Value) <= 0)
        {
            r.Error(mapping, "allocation.weights", "at least one weight must be above 0");
        }

        return new ValueMap<double>(weights);
    }
}
