using System.Net;
using System.Text.RegularExpressions;
using OfferLab.Testing;

namespace OfferLab.Server.Tests.Pages;

/// <summary>The report pages' login: an analyst key becomes a read-only session cookie; nothing else gets in.</summary>
[Collection(ServerCollection.Name)]
public sealed partial class AnalystLoginTests(ServerFixture fixture)
{
    [Fact]
    public async Task Pages_without_a_session_redirect_to_the_login_keeping_the_address()
    {
        using var browser = Browser(out _);

        using var response = await browser.GetAsync(new Uri("/ui/experiments/burger-sides", UriKind.Relative));

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal("/ui/login?returnUrl=%2Fui%2Fexperiments%2Fburger-sides", response.Headers.Location!.PathAndQuery);
    }

    [Theory]
    [InlineData(TestKeys.Storefront)]
    [InlineData(TestKeys.Editor)]
    [InlineData("not-a-configured-key-at-all-0000")]
    [InlineData("")]
    public async Task Keys_that_are_not_analyst_or_admin_keys_get_no_session(string key)
    {
        using var browser = Browser(out var cookies);

        using var response = await LoginAsync(browser, key, "/ui");

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.StartsWith("/ui/login?failed=1", response.Headers.Location!.OriginalString, StringComparison.Ordinal);
        Assert.Empty(cookies.GetCookies(fixture.Server.BaseAddress));
        using var page = await browser.GetAsync(new Uri("/ui", UriKind.Relative));
        Assert.Equal(HttpStatusCode.Redirect, page.StatusCode);
    }

    [Theory]
    [InlineData(TestKeys.Analyst)]
    [InlineData(TestKeys.Admin)]
    public async Task An_analyst_session_reads_pages_and_reports_but_changes_nothing(string key)
    {
        using var browser = Browser(out _);

        using var login = await LoginAsync(browser, key, "/ui/experiments/x");
        Assert.Equal("/ui/experiments/x", login.Headers.Location!.OriginalString);
        var cookie = Assert.Single(login.Headers.GetValues("Set-Cookie"));
        Assert.Contains("httponly", cookie, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("samesite=strict", cookie, StringComparison.OrdinalIgnoreCase);

        using var list = await browser.GetAsync(new Uri("/ui", UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, list.StatusCode);
        Assert.Equal("text/html", list.Content.Headers.ContentType!.MediaType);
        Assert.Contains("default-src 'self'", list.Headers.GetValues("Content-Security-Policy").Single(), StringComparison.Ordinal);
        using var experiments = await browser.GetAsync(new Uri("/v1/experiments", UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, experiments.StatusCode);

        // The cookie never carries more than reading, even for an admin key: writes need the key itself.
        using var yaml = new StringContent("id: x", System.Text.Encoding.UTF8, "application/yaml");
        using var put = await browser.PutAsync(new Uri("/v1/experiments/x", UriKind.Relative), yaml);
        Assert.Equal(HttpStatusCode.Unauthorized, put.StatusCode);
        using var pause = await browser.PostAsync(new Uri("/v1/experiments/x/pause", UriKind.Relative), null);
        Assert.Equal(HttpStatusCode.Unauthorized, pause.StatusCode);
        using var assign = await browser.PostAsync(new Uri("/v1/assign", UriKind.Relative), new StringContent("{}", System.Text.Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.Unauthorized, assign.StatusCode);
    }

    [Theory]
    [InlineData("//evil.example/ui")]
    [InlineData("https://evil.example/")]
    [InlineData("/\\evil.example")]
    [InlineData("javascript:alert(1)")]
    [InlineData("/ui/experiments/\u00e9")]
    [InlineData("/ui/\ufffdi")]
    [InlineData("/ui/a b")]
    public async Task A_return_address_off_this_site_or_not_printable_ascii_is_replaced_by_the_list(string returnUrl)
    {
        using var browser = Browser(out _);

        using var login = await LoginAsync(browser, TestKeys.Analyst, returnUrl);

        Assert.Equal("/ui", login.Headers.Location!.OriginalString);
    }

    [Fact]
    public async Task Signing_out_ends_the_session()
    {
        using var browser = Browser(out _);
        using var login = await LoginAsync(browser, TestKeys.Analyst, "/ui");

        using var logout = await browser.PostAsync(new Uri("/ui/logout", UriKind.Relative), null);
        using var page = await browser.GetAsync(new Uri("/ui", UriKind.Relative));

        Assert.Equal(HttpStatusCode.Redirect, logout.StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, page.StatusCode);
    }

    [Fact]
    public async Task Every_script_and_style_the_pages_load_is_served_by_this_server()
    {
        using var browser = Browser(out _);
        using var login = await LoginAsync(browser, TestKeys.Analyst, "/ui");
        foreach (var page in new[] { "/ui/login", "/ui", "/ui/experiments/burger-sides" })
        {
            var html = await browser.GetStringAsync(new Uri(page, UriKind.Relative));
            var sources = SourcePattern().Matches(html).Select(m => m.Groups["url"].Value).ToList();
            Assert.NotEmpty(sources);
            foreach (var source in sources)
            {
                Assert.StartsWith("/ui/", source, StringComparison.Ordinal);
                using var asset = await browser.GetAsync(new Uri(source, UriKind.Relative));
                Assert.True(asset.IsSuccessStatusCode, $"{page} loads {source}, which answers {(int)asset.StatusCode}");
                Assert.True((await asset.Content.ReadAsByteArrayAsync()).Length > 100, $"{source} is empty");
            }
        }
    }

    [Theory]
    [InlineData("multipart/form-data; boundary=x", "--x\r\nContent-Disposition: form-data; name=\"key\"\r\n\r\ntrunc")]
    [InlineData("application/json", "{\"key\":\"dev\"}")]
    [InlineData("application/x-www-form-urlencoded; charset=no-such-charset", "key=x")]
    public async Task A_login_that_is_not_a_url_encoded_form_or_has_no_valid_key_is_a_failed_login(string mediaType, string body)
    {
        using var browser = Browser(out var cookies);
        using var content = new ByteArrayContent(System.Text.Encoding.UTF8.GetBytes(body));
        content.Headers.TryAddWithoutValidation("Content-Type", mediaType);

        using var response = await browser.PostAsync(new Uri("/ui/login", UriKind.Relative), content);

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.StartsWith("/ui/login?failed=1", response.Headers.Location!.OriginalString, StringComparison.Ordinal);
        Assert.Empty(cookies.GetCookies(fixture.Server.BaseAddress));
    }

    [Fact]
    public async Task A_login_form_in_a_charset_dotnet_refuses_to_decode_is_a_400_problem()
    {
        // UTF-7 is a known charset whose decoding .NET disables (SYSLIB0001): the form reader throws on it.
        const string charset = "utf-7";
        using var browser = Browser(out var cookies);
        using var content = new ByteArrayContent("key=x"u8.ToArray());
        content.Headers.TryAddWithoutValidation("Content-Type", $"application/x-www-form-urlencoded; charset={charset}");

        using var response = await browser.PostAsync(new Uri("/ui/login", UriKind.Relative), content);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType!.MediaType);
        Assert.Empty(cookies.GetCookies(fixture.Server.BaseAddress));
    }

    private HttpClient Browser(out CookieContainer cookies)
    {
        cookies = new CookieContainer();
#pragma warning disable CA2000 // The client owns and disposes the handler.
        var handler = new HttpClientHandler { AllowAutoRedirect = false, CookieContainer = cookies };
#pragma warning restore CA2000
        return new HttpClient(handler, disposeHandler: true) { BaseAddress = fixture.Server.BaseAddress };
    }

    private static async Task<HttpResponseMessage> LoginAsync(HttpClient browser, string key, string returnUrl)
    {
        using var form = new FormUrlEncodedContent(new Dictionary<string, string> { ["key"] = key, ["returnUrl"] = returnUrl });
        return await browser.PostAsync(new Uri("/ui/login", UriKind.Relative), form);
    }

    [GeneratedRegex("(?:src|href)=\"(?<url>[^\"#]+\\.(?:js|css))\"")]
    private static partial Regex SourcePattern();
}
