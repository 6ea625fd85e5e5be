using System.Net;
using System.Text.Json;
using OfferLab.Testing;

namespace OfferLab.Server.Tests.Health;

[Collection(ServerCollection.Name)]
public sealed class HealthApiTests(ServerFixture fixture)
{
    [Fact]
    public async Task Live_answers_200()
    {
        using var client = fixture.Server.CreateClient();
        using var response = await client.GetAsync(new Uri("/health/live", UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task Ready_answers_200_when_table_storage_answers()
    {
        using var client = fixture.Server.CreateClient();
        using var response = await client.GetAsync(new Uri("/health/ready", UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("Healthy", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task OpenApi_document_describes_the_api()
    {
        using var client = fixture.Server.CreateClient();
        using var response = await client.GetAsync(new Uri("/openapi/v1.json", UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var document = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.StartsWith("3.", document.RootElement.GetProperty("openapi").GetString(), StringComparison.Ordinal);
        Assert.Equal("OfferLab.Server | v1", document.RootElement.GetProperty("info").GetProperty("title").GetString());
        Assert.Equal(JsonValueKind.Object, document.RootElement.GetProperty("paths").ValueKind);
    }

    [Fact]
    public async Task Interactive_api_page_is_served_without_internet()
    {
        using var client = fixture.Server.CreateClient();
        using var page = await client.GetAsync(new Uri("/scalar/v1", UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        var html = await page.Content.ReadAsStringAsync();
        Assert.Contains("openapi/v1.json", html, StringComparison.Ordinal);
        Assert.Contains("<script src=\"scalar.js\">", html, StringComparison.Ordinal);

        // The page's script comes from this server, not from a CDN.
        using var script = await client.GetAsync(new Uri("/scalar/scalar.js", UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, script.StatusCode);
        Assert.True((await script.Content.ReadAsByteArrayAsync()).Length > 100_000);
    }

    [Fact]
    public async Task Ready_answers_503_while_table_storage_is_unreachable()
    {
        // A port nothing listens on: the server starts, is alive, but must not claim readiness.
        var dead = new Dictionary<string, string?>
        {
            ["OfferLab__Storage__ConnectionString"] =
                $"DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey={Azurite.AccountKey};TableEndpoint=http://127.0.0.1:9/devstoreaccount1;",
        };
        await using var server = await ServerProcess.StartAsync(fixture.Azurite, dead, waitUntilReady: false);
        using var client = server.CreateClient();
        using var live = await client.GetAsync(new Uri("/health/live", UriKind.Relative));
        using var ready = await client.GetAsync(new Uri("/health/ready", UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, live.StatusCode);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, ready.StatusCode);
    }
}
