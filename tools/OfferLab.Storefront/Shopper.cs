using System.Globalization;
using System.Text;
using System.Text.Json;

namespace OfferLab.Storefront;

/// <summary>One shopper's visit: a burger in the cart, an assign, then accept/decline and maybe the core purchase.</summary>
internal static class Shopper
{
    private static readonly string[] Tiers = ["gold", "silver", "bronze"];
    private static readonly string[] Channels = ["app", "web"];

    public static async Task VisitAsync(HttpClient storefront, Random random, string visit, Tally tally, CancellationToken cancel)
    {
        var tier = Tiers[random.Next(Tiers.Length)];
        var channel = Channels[random.Next(Channels.Length)];
        var assign = $$$"""{"customerId":"demo-c-{{{visit}}}","sessionId":"demo-s-{{{visit}}}","experiment":"{{{DemoExperiment.Id}}}","cart":{"skus":["BURGER-CLASSIC"],"categories":["burgers"]},"attributes":{"tier":"{{{tier}}}","channel":"{{{channel}}}","days_since_purchase":{{{random.Next(0, 60)}}}}}""";
        using var content = new StringContent(assign, Encoding.UTF8, "application/json");
        using var response = await storefront.PostAsync(new Uri("v1/assign", UriKind.Relative), content, cancel);
        var body = await response.Content.ReadAsStringAsync(cancel);
        if (!response.IsSuccessStatusCode)
        {
            tally.Failed($"assign {(int)response.StatusCode}: {body}");
            return;
        }

        using var json = JsonDocument.Parse(body);
        var first = json.RootElement.GetProperty("assignments").EnumerateArray().FirstOrDefault();
        if (first.ValueKind != JsonValueKind.Object || !first.TryGetProperty("token", out var tokenElement) || tokenElement.GetString() is not { } token)
        {
            tally.NotServed();
            return;
        }

        tally.Assigned();
        var variant = first.GetProperty("variant").GetString() ?? "";
        var price = first.TryGetProperty("offer", out var offer) && offer.ValueKind == JsonValueKind.Object ? offer.GetProperty("price").GetDouble() : 0.0;
        if (random.NextDouble() < DemoExperiment.AcceptRates.GetValueOrDefault(variant))
        {
            await OutcomeAsync(storefront, token, "accept", price, $"accept-{visit}", tally, cancel);
        }
        else if (price > 0 && random.NextDouble() < 0.5)
        {
            await OutcomeAsync(storefront, token, "decline", null, $"decline-{visit}", tally, cancel);
        }

        if (random.NextDouble() < DemoExperiment.CorePurchaseRates.GetValueOrDefault(variant))
        {
            await OutcomeAsync(storefront, token, "core_purchase", null, $"order-{visit}", tally, cancel);
        }
    }

    private static async Task OutcomeAsync(HttpClient storefront, string token, string kind, double? value, string idempotencyKey, Tally tally, CancellationToken cancel)
    {
        var valueJson = value is { } v ? $",\"value\":{v.ToString(CultureInfo.InvariantCulture)}" : "";
        var outcome = $$"""{"token":"{{token}}","kind":"{{kind}}"{{valueJson}},"idempotencyKey":"{{idempotencyKey}}"}""";
        using var content = new StringContent(outcome, Encoding.UTF8, "application/json");
        using var response = await storefront.PostAsync(new Uri("v1/outcomes", UriKind.Relative), content, cancel);
        if (response.IsSuccessStatusCode)
        {
            tally.Outcome();
        }
        else
        {
            tally.Failed($"outcome {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync(cancel)}");
        }
    }
}
