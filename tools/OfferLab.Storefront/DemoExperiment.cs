namespace OfferLab.Storefront;

/// <summary>
/// The experiment the demo plays: sides at a burger cart, one clearly weak offer (the cookie), a one-minute period so
/// that weights move and a loser can be retired within a few minutes of traffic.
/// </summary>
internal static class DemoExperiment
{
    public const string Id = "demo-burger-sides";

    /// <summary>True accept rates the simulated shoppers follow (the server never sees these).</summary>
    public static readonly IReadOnlyDictionary<string, double> AcceptRates = new Dictionary<string, double>(StringComparer.Ordinal)
    {
        ["control"] = 0.0,
        ["fries"] = 0.14,
        ["shake"] = 0.11,
        ["cookie"] = 0.03,
    };

    /// <summary>Share of sessions that complete the core purchase (the guardrail's metric), by arm.</summary>
    public static readonly IReadOnlyDictionary<string, double> CorePurchaseRates = new Dictionary<string, double>(StringComparer.Ordinal)
    {
        ["control"] = 0.62,
        ["fries"] = 0.62,
        ["shake"] = 0.61,
        ["cookie"] = 0.62,
    };

    /// <summary>The declaration (demo-burger-sides.yaml beside the program).</summary>
    public static string Declaration => File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "demo-burger-sides.yaml"));
}
