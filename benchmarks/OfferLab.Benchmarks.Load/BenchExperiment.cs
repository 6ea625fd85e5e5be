using System.Net;
using System.Text;
using OfferLab.Testing;

namespace OfferLab.Benchmarks.Load;

/// <summary>
/// The experiment under load: the burger-sides pattern with three variants, session stickiness, a burn-in so long
/// that weights stay equal, caps that never bite and no trigger, so every assign is a real exposure.
/// </summary>
internal static class BenchExperiment
{
    public const string Id = "bench-burger-sides";

    private const string Declaration = """
        apiVersion: offerlab/v1
        id: bench-burger-sides
        name: Sides offered with a burger (load benchmark)
        owner: benchmarks
        placement: cart
        variants:
          - id: control
            control: true
            offer: null
          - id: fries
            offer: { sku: FRIES-M, title: Add medium fries, price: 2.49, margin: 1.60 }
          - id: combo
            offer: { sku: COMBO-UP, title: Make it a combo, price: 3.99, margin: 2.10 }
        metric:
          primary: conversion
          attribution_window: 24h
        allocation:
          policy: thompson
          period: 10m
          burn_in: 1000000
          stickiness: session
        caps:
          per_customer_per_day: 1000
          suppress_after_decline: 1000
        """;

    /// <summary>Declares the experiment (running at once) with the editor key; fails with the server's answer otherwise.</summary>
    public static async Task DeclareAsync(ServerProcess server)
    {
        using var editor = server.CreateClient(TestKeys.Editor);
        using var content = new StringContent(Declaration, Encoding.UTF8, "application/yaml");
        using var response = await editor.PutAsync(new Uri($"/v1/experiments/{Id}", UriKind.Relative), content);
        if (response.StatusCode is not (HttpStatusCode.Created or HttpStatusCode.OK))
        {
            throw new InvalidOperationException(
                $"Declaring {Id} answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
        }
    }
}
