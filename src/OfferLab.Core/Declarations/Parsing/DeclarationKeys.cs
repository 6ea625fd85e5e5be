namespace OfferLab.Core.Declarations.Parsing;

/// <summary>One key of a mapping: whether it is required, its default (as it would appear in JSON) and its allowed names.</summary>
internal sealed record KeySpec(string Name, bool Required = false, object? Default = null, IReadOnlyList<string>? Choices = null);

/// <summary>The keys a mapping at <see cref="Location"/> (<c>variants[].offer</c>) may hold.</summary>
internal sealed record MappingSpec(string Location, IReadOnlyList<KeySpec> Keys)
{
    public KeySpec? Find(string name) => Keys.FirstOrDefault(k => k.Name == name);
}

/// <summary>
/// Every key of the format, where it may appear, and its default: the single list the parser enforces and the
/// schema test compares with <c>experiments/schema.json</c>, so the two cannot drift apart.
/// </summary>
internal static class DeclarationKeys
{
    public static readonly MappingSpec Root = new("", [
        new("apiVersion", Required: true), new("id", Required: true), new("name", Required: true),
        new("description", Default: ""), new("owner", Default: ""),
        new("placement", Required: true, Choices: EnumNames.All<Placement>()),
        new("trigger"), new("audience"), new("variants", Required: true), new("metric"), new("allocation"),
        new("stopping"), new("caps"), new("schedule"),
    ]);

    public static readonly MappingSpec Trigger = new("trigger", [new("categories", Default: Array.Empty<string>()), new("skus", Default: Array.Empty<string>())]);

    public static readonly MappingSpec Audience = new("audience", [new("rules", Default: Array.Empty<object>()), new("traffic", Default: 1.0)]);

    public static readonly MappingSpec AudienceRule = new("audience.rules[]",
        [new("attribute", Required: true), .. EnumNames.All<AudienceOperator>().Select(name => new KeySpec(name))]);

    public static readonly MappingSpec Variant = new("variants[]", [new("id", Required: true), new("control", Default: false), new("offer")]);

    public static readonly MappingSpec Offer = new("variants[].offer",
        [new("sku", Required: true), new("title", Required: true), new("price", Required: true), new("margin", Required: true)]);

    public static readonly MappingSpec Metric = new("metric", [
        new("primary", Default: "conversion", Choices: EnumNames.All<PrimaryMetric>()),
        new("attribution_window", Default: "24h"), new("guardrails", Default: Array.Empty<object>()),
    ]);

    public static readonly MappingSpec Guardrail = new("metric.guardrails[]",
        [new("metric", Required: true, Choices: EnumNames.All<GuardrailMetric>()), new("max_drop", Required: true)]);

    public static readonly MappingSpec Allocation = new("allocation", [
        new("policy", Default: "thompson", Choices: EnumNames.All<AllocationPolicy>()), new("weights"),
        new("period", Default: "10m"), new("burn_in", Default: 100), new("floor", Default: 0.01),
        new("uniform_share", Default: 0.10), new("top_two", Default: false),
        new("stickiness", Default: "session", Choices: EnumNames.All<Stickiness>()),
    ]);

    public static readonly MappingSpec Stopping = new("stopping", [
        new("alpha", Default: 0.05), new("min_exposures", Default: 500), new("retire_losers", Default: true),
        new("margin", Default: 0.0), new("max_duration", Default: "30d"),
    ]);

    public static readonly MappingSpec Caps = new("caps", [new("per_customer_per_day", Default: 3), new("suppress_after_decline", Default: 2)]);

    public static readonly MappingSpec Schedule = new("schedule", [new("start"), new("end")]);

    /// <summary>Every mapping of the format.</summary>
    public static IReadOnlyList<MappingSpec> All { get; } =
        [Root, Trigger, Audience, AudienceRule, Variant, Offer, Metric, Guardrail, Allocation, Stopping, Caps, Schedule];
}
