using System.Net;
using System.Text;
using System.Text.Json;
using OfferLab.Testing;

namespace OfferLab.Server.Tests.Reports;

/// <summary>GET /v1/experiments/{id}/report over HTTP against the real server: fields, forms, access.</summary>
[Collection(ServerCollection.Name)]
public sealed class ReportsApiTests(ServerFixture fixture)
{
    [Fact]
    public async Task The_report_counts_what_the_storefront_did_in_every_form()
    {
        var id = "report-" + Guid.NewGuid().ToString("N")[..8];
        using var editor = fixture.Server.CreateClient(TestKeys.Editor);
        using var yaml = new StringContent($"""
            apiVersion: offerlab/v1
            id: {id}
            name: Report over HTTP
            placement: cart
            variants:
              - id: control
                control: true
                offer: null
              - id: fries
                offer: {"{"} sku: FRIES-M, title: Fries, price: 2.49, margin: 1.60 {"}"}
            """, Encoding.UTF8, "application/yaml");
        Assert.Equal(HttpStatusCode.Created, (await editor.PutAsync(new Uri($"/v1/experiments/{id}", UriKind.Relative), yaml)).StatusCode);
        using var shop = fixture.Server.CreateClient(TestKeys.Storefront);
        var exposures = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var i = 0; i < 40; i++)
        {
            using var assign = new StringContent($$$"""{"customerId":"c-{{{i}}}","sessionId":"s-{{{i}}}","experiment":"{{{id}}}","attributes":{"tier":"{{{(i % 4 == 0 ? "silver" : "gold")}}}","days_since_purchase":{{{i}}}}}""", Encoding.UTF8, "application/json");
            using var answer = JsonDocument.Parse(await (await shop.PostAsync(new Uri("/v1/assign", UriKind.Relative), assign)).Content.ReadAsStringAsync());
            var first = answer.RootElement.GetProperty("assignments")[0];
            var variant = first.GetProperty("variant").GetString()!;
            exposures[variant] = exposures.GetValueOrDefault(variant) + 1;
            if (variant == "fries")
            {
                using var outcome = new StringContent($$"""{"token":"{{first.GetProperty("token").GetString()}}","kind":"accept","value":2.49}""", Encoding.UTF8, "application/json");
                Assert.True((await shop.PostAsync(new Uri("/v1/outcomes", UriKind.Relative), outcome)).IsSuccessStatusCode);
            }
        }

        using var analyst = fixture.Server.CreateClient(TestKeys.Analyst);
        JsonElement fries = default;
        for (var attempt = 0; attempt < 50; attempt++)
        {
            using var report = JsonDocument.Parse(await analyst.GetStringAsync(new Uri($"/v1/experiments/{id}/report", UriKind.Relative)));
            var root = report.RootElement.Clone();
            Assert.Equal(id, root.GetProperty("experiment").GetString());
            Assert.Equal("running", root.GetProperty("status").GetString());
            Assert.Equal(0.05, root.GetProperty("alpha").GetDouble());
            Assert.Equal("conversion", root.GetProperty("primaryMetric").GetString());
            Assert.True(root.GetProperty("srm").TryGetProperty("flagged", out _));
            fries = root.GetProperty("variants").EnumerateArray().Single(v => v.GetProperty("id").GetString() == "fries");
            var exposed = root.GetProperty("variants").EnumerateArray().Sum(v => v.GetProperty("exposures").GetInt64());

            // Every exposure counted, of both arms: the breakdown below sums them all (the last one may be control's).
            if (exposed == 40 && fries.GetProperty("exposures").GetInt64() == exposures.GetValueOrDefault("fries") && fries.GetProperty("accepts").GetInt64() == exposures.GetValueOrDefault("fries"))
            {
                break;
            }

            await Task.Delay(100); // counts reach the experiment grain within 250 ms
        }

        Assert.Equal(exposures.GetValueOrDefault("fries"), fries.GetProperty("exposures").GetInt64());
        Assert.Equal(exposures.GetValueOrDefault("fries"), fries.GetProperty("accepts").GetInt64());
        Assert.Equal("active", fries.GetProperty("state").GetString());
        Assert.Equal(2, fries.GetProperty("conversionRateCI").GetArrayLength());
        Assert.True(fries.TryGetProperty("liftVsControl", out var lift) && lift.ValueKind == JsonValueKind.Object);

        // The breakdown by an attribute sent at assign time: 10 silver sessions, 30 gold.
        using (var byTier = JsonDocument.Parse(await analyst.GetStringAsync(new Uri($"/v1/experiments/{id}/report?by=tier", UriKind.Relative))))
        {
            var segments = byTier.RootElement.GetProperty("segments");
            Assert.Equal("tier", segments.GetProperty("attribute").GetString());
            var values = segments.GetProperty("values").EnumerateArray().ToDictionary(
                v => v.GetProperty("value").GetString()!,
                v => v.GetProperty("variants").EnumerateArray().Sum(a => a.GetProperty("exposures").GetInt64()));
            Assert.Equal(new Dictionary<string, long> { ["gold"] = 30, ["silver"] = 10 }, values);
        }

        using (var unknown = JsonDocument.Parse(await analyst.GetStringAsync(new Uri($"/v1/experiments/{id}/report?by=no_such_attribute", UriKind.Relative))))
        {
            Assert.Empty(unknown.RootElement.GetProperty("segments").GetProperty("values").EnumerateArray());
        }

        foreach (var (media, marker) in new[] { ("text/csv", "experiment,version,arm,"), ("text/markdown", "# " + id), ("text/html", "<!doctype html>") })
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, new Uri($"/v1/experiments/{id}/report", UriKind.Relative));
            request.Headers.Accept.ParseAdd(media);
            using var response = await analyst.SendAsync(request);
            Assert.Equal(media, response.Content.Headers.ContentType?.MediaType);
            Assert.Contains(marker, await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }
    }

    [Theory]
    [InlineData(null, "/v1/experiments/burger-sides/report", HttpStatusCode.Unauthorized)]
    [InlineData(TestKeys.Storefront, "/v1/experiments/burger-sides/report", HttpStatusCode.Forbidden)]
    [InlineData(TestKeys.Analyst, "/v1/experiments/no-such-experiment/report", HttpStatusCode.NotFound)]
    [InlineData(TestKeys.Analyst, "/v1/experiments/Bad%23Id/report", HttpStatusCode.BadRequest)]
    public async Task Access_and_unknown_experiments_are_problems(string? key, string path, HttpStatusCode expected)
    {
        using var client = fixture.Server.CreateClient(key);
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(path, UriKind.Relative));
        request.Headers.Accept.ParseAdd("text/csv");

        using var response = await client.SendAsync(request);

        Assert.Equal(expected, response.StatusCode);
    }
}
