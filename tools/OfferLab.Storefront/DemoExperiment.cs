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

    public const string Declaration = """
        apiVersion: offerlab/v1
        id: demo-burger-sides
        name: Sides with a burger (storefront demo)
        description: Played by tools/storefront.sh against a running server; one offer is clearly weak.
        owner: demo
        placement: cart
        trigger:
          categories: [burgers]
        variants:
          - id: control
            control: true
            offer: null
          - id: fries
            offer: { sku: FRIES-M, title: Add medium fries, price: 2.49, margin: 1.60 }
          - id: shake
            offer: { sku: SHAKE-M, title: Add a milkshake, price: 3.29, margin: 2.20 }
          - id: cookie
            offer: { sku: COOKIE-1, title: Add a cookie, price: 1.19, margin: 0.80 }
        metric:
          primary: conversion
          attribution_window: 2h
          guardrails:
            - { metric: core_purchase, max_drop: 0.05 }
        allocation:
          policy: thompson
          period: 1m
          burn_in: 100
          floor: 0.01
          uniform_share: 0.10
          stickiness: session
        stopping:
          alpha: 0.05
          min_exposures: 300
          retire_losers: true
          max_duration: 30d
        caps:
          per_customer_per_day: 50
          suppress_after_decline: 50
        """;
}
