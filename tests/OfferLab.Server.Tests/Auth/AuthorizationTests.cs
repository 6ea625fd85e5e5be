using System.Net;
using OfferLab.Server.Tests.Experiments;
using OfferLab.Testing;

namespace OfferLab.Server.Tests.Auth;

[Collection(ServerCollection.Name)]
public sealed class AuthorizationTests(ServerFixture fixture)
{
    public static TheoryData<string?, string, string, HttpStatusCode> Cases => new()
    {
        // key, method, route, expected (the experiment exists only for the PUT cases' sake: 403/401 come first)
        { null, "GET", "/v1/experiments", HttpStatusCode.Unauthorized },
        { "not-a-configured-key-at-all-0000", "GET", "/v1/experiments", HttpStatusCode.Unauthorized },
        { TestKeys.Storefront, "GET", "/v1/experiments", HttpStatusCode.Forbidden },
        { TestKeys.Editor, "GET", "/v1/experiments", HttpStatusCode.Forbidden },
        { TestKeys.Analyst, "GET", "/v1/experiments", HttpStatusCode.OK },
        { TestKeys.Admin, "GET", "/v1/experiments", HttpStatusCode.OK },
        { null, "POST", "/v1/experiments/some-id/pause", HttpStatusCode.Unauthorized },
        { TestKeys.Analyst, "POST", "/v1/experiments/some-id/pause", HttpStatusCode.Forbidden },
        { TestKeys.Storefront, "POST", "/v1/experiments/some-id/conclude", HttpStatusCode.Forbidden },
        { TestKeys.Editor, "POST", "/v1/experiments/some-id/resume", HttpStatusCode.NotFound },
        { TestKeys.Admin, "POST", "/v1/experiments/some-id/resume", HttpStatusCode.NotFound },
        // The storefront's routes: the key is checked before the body is read.
        { null, "POST", "/v1/outcomes", HttpStatusCode.Unauthorized },
        { "not-a-configured-key-at-all-0000", "POST", "/v1/assign", HttpStatusCode.Unauthorized },
        { TestKeys.Analyst, "POST", "/v1/outcomes", HttpStatusCode.Forbidden },
        { TestKeys.Editor, "POST", "/v1/assign", HttpStatusCode.Forbidden },
        { TestKeys.Storefront, "GET", "/v1/admin/runtime", HttpStatusCode.Forbidden },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task Routes_require_a_valid_key_of_the_right_role(string? key, string method, string route, HttpStatusCode expected)
    {
        using var client = fixture.Server.CreateClient(key);
        using var response = await client.SendAsync(new HttpRequestMessage(new HttpMethod(method), route));
        Assert.Equal(expected, response.StatusCode);
        if (expected is HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden)
        {
            Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        }

        if (expected == HttpStatusCode.Unauthorized)
        {
            Assert.Equal("Bearer", response.Headers.WwwAuthenticate.Single().Scheme);
        }
    }

    [Theory]
    [InlineData(TestKeys.Analyst, HttpStatusCode.Forbidden)]
    [InlineData(TestKeys.Storefront, HttpStatusCode.Forbidden)]
    [InlineData(TestKeys.Admin, HttpStatusCode.Created)]
    public async Task Only_editors_and_admins_declare_experiments(string key, HttpStatusCode expected)
    {
        var id = ExperimentsApiTests.NewId();
        using var client = fixture.Server.CreateClient(key);
        using var response = await client.PutAsync(new Uri($"/v1/experiments/{id}", UriKind.Relative), ExperimentsApiTests.Yaml(SampleDeclarations.Yaml(id)));
        Assert.Equal(expected, response.StatusCode);
    }

    [Theory]
    [InlineData("Basic dXNlcjpwYXNz")]
    [InlineData("Bearer")]
    [InlineData("Bearer test-analyst-key-3333333333333333x")]
    [InlineData("bearer test-analyst-key-333333333333333")]
    public async Task Malformed_or_near_miss_keys_are_401(string header)
    {
        using var client = fixture.Server.CreateClient();
        foreach (var (method, route) in new[] { (HttpMethod.Get, "/v1/experiments"), (HttpMethod.Post, "/v1/assign"), (HttpMethod.Post, "/v1/experiments/some-id/pause") })
        {
            using var request = new HttpRequestMessage(method, route);
            request.Headers.TryAddWithoutValidation("Authorization", header);
            using var response = await client.SendAsync(request);
            Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        }
    }

    [Theory]
    [InlineData(null, HttpStatusCode.Unauthorized)]
    [InlineData("not-a-configured-key-at-all-0000", HttpStatusCode.Unauthorized)]
    [InlineData(TestKeys.Analyst, HttpStatusCode.Forbidden)]
    [InlineData(TestKeys.Editor, HttpStatusCode.Forbidden)]
    public async Task The_storefront_routes_check_the_key_before_reading_a_broken_body(string? key, HttpStatusCode expected)
    {
        using var client = fixture.Server.CreateClient(key);
        foreach (var route in new[] { "/v1/assign", "/v1/outcomes" })
        {
            using var response = await client.PostAsync(new Uri(route, UriKind.Relative), new StringContent("{\"customerId\": [", System.Text.Encoding.UTF8, "application/json"));
            Assert.Equal(expected, response.StatusCode);
            Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        }
    }

    [Theory]
    [InlineData(TestKeys.Storefront)]
    [InlineData(TestKeys.Admin)]
    public async Task Storefront_and_admin_keys_pass_the_storefront_routes(string key)
    {
        // Past the key check: the empty object is what is refused.
        using var client = fixture.Server.CreateClient(key);
        foreach (var route in new[] { "/v1/assign", "/v1/outcomes" })
        {
            using var response = await client.PostAsync(new Uri(route, UriKind.Relative), new StringContent("{}", System.Text.Encoding.UTF8, "application/json"));
            Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        }
    }

    [Fact]
    public async Task A_storefront_key_passes_the_storefront_check()
    {
        // Past authorization: the empty body is what is refused, not the key.
        using var client = fixture.Server.CreateClient(TestKeys.Storefront);
        using var response = await client.PostAsync(new Uri("/v1/outcomes", UriKind.Relative), new StringContent("{}", System.Text.Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }
}
