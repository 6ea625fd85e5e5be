using System.Globalization;
using System.Text.Json;
using Microsoft.Playwright;
using OfferLab.Testing;

namespace OfferLab.Server.Tests.Pages;

/// <summary>
/// The report page in a real headless Chromium (Debian's, driven by Playwright), on a real server that the storefront
/// demo (tools/storefront.sh's program) has played until an offer was retired: the list, then the report, whose table
/// must equal the JSON report, whose four charts must be drawn, and whose retired offer must show its reason.
/// Takes a couple of minutes: allocation periods are at least one minute long. Saves a screenshot to
/// artifacts/screenshots/report-page.png.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class ReportPageBrowserTests
{
    private const string Experiment = "demo-burger-sides";

    [Fact]
    public async Task The_report_page_shows_the_json_report_its_charts_and_a_retired_offer()
    {
        var chromium = await Chromium.EnsureInstalledAsync();
        await using var server = await ServerProcess.StartAsync(await Azurite.SharedAsync());
        await PlayStorefrontAsync(server);
        using var analyst = server.CreateClient(TestKeys.Analyst);
        using var report = JsonDocument.Parse(await analyst.GetStringAsync(new Uri($"/v1/experiments/{Experiment}/report", UriKind.Relative)));
        var variants = report.RootElement.GetProperty("variants").EnumerateArray().ToList();
        Assert.Contains(variants, v => v.GetProperty("state").GetString() == "retired");

        using var playwright = await Playwright.CreateAsync();
        await using var browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = chromium,
            Headless = true,
            Args = Chromium.Arguments,
        });
        var page = await browser.NewPageAsync(new BrowserNewPageOptions { ViewportSize = new ViewportSize { Width = 1500, Height = 1700 } });
        var errors = new List<string>();
        page.PageError += (_, error) => errors.Add(error);
        page.RequestFailed += (_, request) => errors.Add("request failed: " + request.Url);

        // Signing in from the list's address lands on the list.
        await page.GotoAsync(new Uri(server.BaseAddress, "/ui").ToString());
        Assert.Contains("/ui/login", page.Url, StringComparison.Ordinal);
        await page.FillAsync("#key", TestKeys.Analyst);
        await page.ClickAsync("button[type=submit]");
        var row = page.Locator($"#experiments tr[data-experiment='{Experiment}']");
        await row.WaitForAsync();
        Assert.Equal("running", await row.Locator("td[data-field=status]").InnerTextAsync());
        Assert.Contains("retired", await row.Locator("td[data-field=arms]").InnerTextAsync(), StringComparison.Ordinal);

        await row.Locator("a").ClickAsync();
        await page.WaitForSelectorAsync("body[data-ready=true]");
        foreach (var variant in variants)
        {
            var id = variant.GetProperty("id").GetString()!;
            var cells = page.Locator($"#variants tr[data-variant='{id}'] td[data-field]");
            var shown = new Dictionary<string, string>(StringComparer.Ordinal);
            for (var i = 0; i < await cells.CountAsync(); i++)
            {
                shown[(await cells.Nth(i).GetAttributeAsync("data-field"))!] = await cells.Nth(i).GetAttributeAsync("data-value") ?? "";
            }

            foreach (var field in new[] { "state", "weight", "exposures", "accepts", "conversionRate", "revenuePerExposure", "marginPerExposure", "corePurchaseRate", "probabilityBest", "expectedLoss" })
            {
                AssertSame(variant.GetProperty(field), shown[field], $"{id}.{field}");
            }

            AssertSame(variant.GetProperty("conversionRateCI"), shown["conversionRateCI"], $"{id}.conversionRateCI");
            if (variant.TryGetProperty("liftVsControl", out var lift) && lift.ValueKind == JsonValueKind.Object)
            {
                AssertSame(lift.GetProperty("estimate"), shown["lift.estimate"], $"{id}.lift.estimate");
                AssertSame(lift.GetProperty("ci"), shown["lift.ci"], $"{id}.lift.ci");
                AssertSame(lift.GetProperty("pValue"), shown["lift.pValue"], $"{id}.lift.pValue");
            }

            if (variant.GetProperty("state").GetString() == "retired")
            {
                var state = await page.Locator($"#variants tr[data-variant='{id}'] td[data-field=state]").InnerTextAsync();
                Assert.Contains(variant.GetProperty("retiredReason").GetString()!, state, StringComparison.Ordinal);
            }
        }

        foreach (var chart in new[] { "chart-weights", "chart-conversion", "chart-lift", "chart-decisions" })
        {
            var points = await page.EvaluateAsync<int>($"() => window.offerlabCharts['{chart}'].data.datasets.reduce((n, d) => n + d.data.filter(p => p !== null && p !== undefined).length, 0)");
            var painted = await page.EvaluateAsync<int>($$"""
                () => { const c = document.getElementById('{{chart}}'); const d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;
                        let n = 0; for (let i = 3; i < d.length; i += 4) { if (d[i] !== 0) n++; } return n; }
                """);
            Assert.True(points > 0, $"{chart} has no data points");
            Assert.True(painted > 1000, $"{chart} painted only {painted} pixels");
        }

        Assert.True(await page.Locator("#decisions li").CountAsync() > 0);
        Assert.Empty(errors);
        var screenshot = Path.Combine(RepositoryPaths.Root, "artifacts", "screenshots", "report-page.png");
        Directory.CreateDirectory(Path.GetDirectoryName(screenshot)!);
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = screenshot, FullPage = true });
        Assert.True(new FileInfo(screenshot).Length > 10_000);
    }

    [Fact]
    public async Task A_wrong_key_keeps_the_browser_on_the_login_page_with_the_reason()
    {
        var chromium = await Chromium.EnsureInstalledAsync();
        await using var server = await ServerProcess.StartAsync(await Azurite.SharedAsync());
        using var playwright = await Playwright.CreateAsync();
        await using var browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions { ExecutablePath = chromium, Headless = true, Args = Chromium.Arguments });
        var page = await browser.NewPageAsync();
        var errors = new List<string>();
        page.PageError += (_, error) => errors.Add(error);

        await page.GotoAsync(new Uri(server.BaseAddress, "/ui/experiments/anything").ToString());
        await page.FillAsync("#key", TestKeys.Storefront);
        await page.ClickAsync("button[type=submit]");
        await page.WaitForSelectorAsync("#failed:not([hidden])");

        Assert.Contains("/ui/login?failed=1", page.Url, StringComparison.Ordinal);
        Assert.Equal("/ui/experiments/anything", await page.InputValueAsync("#returnUrl"));
        Assert.Empty(errors);
    }

    private static async Task PlayStorefrontAsync(ServerProcess server)
    {
        var tool = Path.Combine(RepositoryPaths.Root, "tools", "OfferLab.Storefront", "bin", RepositoryPaths.Configuration, "net10.0", "OfferLab.Storefront.dll");
        await using var storefront = ChildProcess.Start("dotnet", [
            tool, "--server", server.BaseAddress.ToString(), "--storefront-key", TestKeys.Storefront, "--editor-key", TestKeys.Editor,
            "--analyst-key", TestKeys.Analyst, "--duration", "240", "--concurrency", "8"]);
        var exit = await storefront.WaitForExitAsync(TimeSpan.FromMinutes(5));
        Assert.True(exit == 0, $"the storefront exited {exit}:\n{storefront.Output}");
        Assert.Contains("an offer was retired", storefront.Output, StringComparison.Ordinal);
    }

    // The page keeps each cell's raw JSON value (numbers as JavaScript prints them, arrays comma-joined).
    private static void AssertSame(JsonElement expected, string shown, string what)
    {
        switch (expected.ValueKind)
        {
            case JsonValueKind.Number:
                Assert.True(double.Parse(shown, CultureInfo.InvariantCulture) == expected.GetDouble(), $"{what}: page {shown}, JSON {expected.GetRawText()}");
                break;
            case JsonValueKind.Array:
                var parts = shown.Split(',');
                Assert.Equal(expected.GetArrayLength(), parts.Length);
                for (var i = 0; i < parts.Length; i++)
                {
                    AssertSame(expected[i], parts[i], $"{what}[{i}]");
                }

                break;
            case JsonValueKind.Null:
                Assert.Equal("", shown);
                break;
            default:
                Assert.Equal(expected.ToString(), shown);
                break;
        }
    }
}

[CollectionDefinition(Name)]
public sealed class BrowserCollection
{
    public const string Name = "browser";
}
