using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using OfferLab.Server.Tests.Experiments;
using OfferLab.Testing;

namespace OfferLab.Server.Tests.Assignments;

/// <summary>A storefront's calls, as tests make them: declare an experiment, assign, report outcomes, read counts.</summary>
internal sealed class Storefront(ServerProcess server)
{
    private readonly HttpClient _storefront = server.CreateClient(TestKeys.Storefront);
    private readonly HttpClient _editor = server.CreateClient(TestKeys.Editor);
    private readonly HttpClient _analyst = server.CreateClient(TestKeys.Analyst);

    public static string Yaml(string id, string weights = "{ control: 0, fries: 1 }", string placement = "cart", int capPerDay = 3,
        int suppressAfter = 2, string stickiness = "session", string window = "1h", string extra = "") => $$"""
        apiVersion: offerlab/v1
        id: {{id}}
        name: Hot path test
        placement: {{placement}}
        trigger:
          categories: [burgers]
        audience:
          rules:
            - { attribute: tier, in: [gold, silver] }
        variants:
          - id: control
            control: true
            offer: null
          - id: fries
            offer: { sku: FRIES-M, title: Add medium fries, price: 2.49, margin: 1.60 }
        metric:
          attribution_window: {{window}}
        allocation:
          policy: fixed
          weights: {{weights}}
          stickiness: {{stickiness}}
        caps:
          per_customer_per_day: {{capPerDay}}
          suppress_after_decline: {{suppressAfter}}
        {{extra}}
        """;

    public async Task DeclareAsync(string yaml)
    {
        var id = yaml.Split('\n').Single(l => l.StartsWith("id: ", StringComparison.Ordinal))[4..].Trim();
        using var response = await _editor.PutAsync(new Uri($"/v1/experiments/{id}", UriKind.Relative), new StringContent(yaml, Encoding.UTF8, "application/yaml"));
        Assert.True(response.StatusCode == HttpStatusCode.Created, await response.Content.ReadAsStringAsync());
    }

    public static object Request(string customer, string session, string? experiment = null, string? placement = null, string tier = "gold", string category = "burgers") => new
    {
        customerId = customer,
        sessionId = session,
        experiment,
        placement,
        cart = new { skus = new[] { "BURGER-CLASSIC" }, categories = new[] { category } },
        attributes = new Dictionary<string, object> { ["tier"] = tier, ["days_since_purchase"] = 4 },
    };

    public async Task<JsonElement> AssignAsync(object request)
    {
        using var response = await _storefront.PostAsJsonAsync(new Uri("/v1/assign", UriKind.Relative), request);
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{(int)response.StatusCode}: {body}");
        return JsonDocument.Parse(body).RootElement.GetProperty("assignments").Clone();
    }

    public async Task<JsonElement> AssignOneAsync(string experiment, string customer, string session, string tier = "gold") =>
        (await AssignAsync(Request(customer, session, experiment, tier: tier)))[0];

    public async Task<(HttpStatusCode Status, JsonElement Body)> OutcomeAsync(object body)
    {
        using var response = await _storefront.PostAsJsonAsync(new Uri("/v1/outcomes", UriKind.Relative), body);
        var text = await response.Content.ReadAsStringAsync();
        return (response.StatusCode, JsonDocument.Parse(text).RootElement.Clone());
    }

    public Task<(HttpStatusCode Status, JsonElement Body)> SendRawAsync(string route, string body, string mediaType = "application/json") =>
        SendAsync(_storefront, route, new StringContent(body, Encoding.UTF8, mediaType));

    /// <summary>
    /// Sends a body with <c>Expect: 100-continue</c>, as a client uploading something large may: a body the server
    /// refuses for its declared length is answered 413 before the client sends any of it.
    /// </summary>
    public async Task<(HttpStatusCode Status, JsonElement Body)> SendOversizedAsync(string route, string body)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(route, UriKind.Relative))
        {
            Content = new StringContent(body, Encoding.UTF8, "application/json"),
        };
        request.Headers.ExpectContinue = true;
        using var response = await _storefront.SendAsync(request);
        return await ReadAsync(response);
    }

    public Task PauseAsync(string id) => _editor.PostAsync(new Uri($"/v1/experiments/{id}/pause", UriKind.Relative), null);

    public Task ConcludeAsync(string id) => _editor.PostAsync(new Uri($"/v1/experiments/{id}/conclude", UriKind.Relative), null);

    /// <summary>Per-arm totals once they reach <paramref name="until"/> (counts travel to the experiment grain in batches every 250 ms).</summary>
    public async Task<Dictionary<string, JsonElement>> TotalsAsync(string id, Func<Dictionary<string, JsonElement>, bool>? until = null)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(20);
        while (true)
        {
            var details = await ExperimentsApiTests.Json(await _analyst.GetAsync(new Uri($"/v1/experiments/{id}", UriKind.Relative)));
            var totals = details.GetProperty("totals").EnumerateArray().ToDictionary(a => a.GetProperty("variant").GetString()!, a => a.Clone());
            if (until is null || until(totals) || DateTime.UtcNow > deadline)
            {
                return totals;
            }

            await Task.Delay(100);
        }
    }

    private static async Task<(HttpStatusCode, JsonElement)> SendAsync(HttpClient client, string route, HttpContent content)
    {
        using var response = await client.PostAsync(new Uri(route, UriKind.Relative), content);
        return await ReadAsync(response);
    }

    private static async Task<(HttpStatusCode, JsonElement)> ReadAsync(HttpResponseMessage response)
    {
        var text = await response.Content.ReadAsStringAsync();
        return (response.StatusCode, text.Length == 0 ? default : JsonDocument.Parse(text).RootElement.Clone());
    }
}
