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
        using var shop = server.CreateClient(TestKeys.Storefront);
        await DeclareAsync(server);
        var before = await AssignSessionsAsync(shop, "early");
        await PlayStorefrontAsync(server);
        using var analyst = server.CreateClient(TestKeys.Analyst);
        using var early = JsonDocument.Parse(await analyst.GetStringAsync(new Uri($"/v1/experiments/{Experiment}/report", UriKind.Relative)));
        var retired = early.RootElement.GetProperty("variants").EnumerateArray()
            .Where(v => v.GetProperty("state").GetString() == "retired").Select(v => v.GetProperty("id").GetString()!).ToHashSet();
        Assert.NotEmpty(retired);

        // A retired offer is served to no one any more, not even to sessions it was sticky for.
        var after = await AssignSessionsAsync(shop, "early");

        // Paused (or already concluded), nothing moves while the browser reads: no period closes, no new counts.
        using (var editor = server.CreateClient(TestKeys.Editor))
        {
            using var pause = await editor.PostAsync(new Uri($"/v1/experiments/{Experiment}/pause", UriKind.Relative), null);
            Assert.True(pause.IsSuccessStatusCode || pause.StatusCode == System.Net.HttpStatusCode.Conflict, await pause.Content.ReadAsStringAsync());
        }

        using var report = await SettledReportAsync(analyst);
        var variants = report.RootElement.GetProperty("variants").EnumerateArray().ToList();
        var finalRetired = variants.Where(v => v.GetProperty("state").GetString() == "retired").Select(v => v.GetProperty("id").GetString()!).ToHashSet();
        Assert.Contains(before, b => retired.Contains(b.Value));
        Assert.All(after, a => Assert.DoesNotContain(a.Value, retired));
        if (report.RootElement.GetProperty("status").GetString() == "paused")
        {
            // Still running while the sessions asked again: each kept its offer unless that offer was retired.
            Assert.All(before.Where(b => !finalRetired.Contains(b.Value)), b => Assert.Equal(b.Value, after[b.Key]));
        }

        // The same report as CSV, Markdown and HTML (Accept header) and through the command line.
        var csv = await GetAsAsync(analyst, "text/csv");
        Assert.Equal(variants.Count + 1, csv.Split("\r\n", StringSplitOptions.RemoveEmptyEntries).Length);
        Assert.Contains(",retired,", csv, StringComparison.Ordinal);
        Assert.Contains("| arm |", await GetAsAsync(analyst, "text/markdown"), StringComparison.Ordinal);
        Assert.StartsWith("<!doctype html>", await GetAsAsync(analyst, "text/html"), StringComparison.Ordinal);
        var table = await CliAsync(server, "--format", "table");
        Assert.Contains(Experiment, table, StringComparison.Ordinal);
        Assert.Contains("retired", table, StringComparison.Ordinal);

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
        Assert.Contains(await row.Locator("td[data-field=status]").InnerTextAsync(), new[] { "paused", "concluded" });
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

        // The breakdown by an attribute the storefront sent: one row per tier and arm, exposures as in the JSON.
        await page.FillAsync("#segment-by", "tier");
        await page.ClickAsync("#segment-form button[type=submit]");
        await page.WaitForSelectorAsync("#segments:not([hidden]) tbody tr");
        using var byTier = JsonDocument.Parse(await analyst.GetStringAsync(new Uri($"/v1/experiments/{Experiment}/report?by=tier", UriKind.Relative)));
        var expectedRows = byTier.RootElement.GetProperty("segments").GetProperty("values").EnumerateArray().Sum(v => v.GetProperty("variants").GetArrayLength());
        Assert.Equal(expectedRows, await page.Locator("#segments tbody tr").CountAsync());
        Assert.Equal(3, byTier.RootElement.GetProperty("segments").GetProperty("values").GetArrayLength());
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

    private static async Task DeclareAsync(ServerProcess server)
    {
        // The storefront program declares the same experiment again (unchanged) when it starts.
        var yaml = await File.ReadAllTextAsync(Path.Combine(RepositoryPaths.Root, "tools", "OfferLab.Storefront", "demo-burger-sides.yaml"));
        using var editor = server.CreateClient(TestKeys.Editor);
        using var content = new StringContent(yaml, System.Text.Encoding.UTF8, "application/yaml");
        using var response = await editor.PutAsync(new Uri($"/v1/experiments/{Experiment}", UriKind.Relative), content);
        Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync());
    }

    /// <summary>Assigns 60 fixed sessions; gives each session's variant.</summary>
    private static async Task<Dictionary<string, string>> AssignSessionsAsync(HttpClient shop, string prefix)
    {
        var variants = new Dictionary<string, string>(StringComparer.Ordinal);
        for (var i = 0; i < 60; i++)
        {
            var body = $$$"""{"customerId":"{{{prefix}}}-c-{{{i}}}","sessionId":"{{{prefix}}}-s-{{{i}}}","experiment":"{{{Experiment}}}","cart":{"skus":["BURGER-CLASSIC"],"categories":["burgers"]}}""";
            using var content = new StringContent(body, System.Text.Encoding.UTF8, "application/json");
            using var response = await shop.PostAsync(new Uri("/v1/assign", UriKind.Relative), content);
            using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
            variants[$"{prefix}-s-{i}"] = json.RootElement.GetProperty("assignments")[0].GetProperty("variant").GetString()!;
        }

        return variants;
    }

    /// <summary>The report once its counts stop moving (counts reach the experiment grain every 250 ms).</summary>
    private static async Task<JsonDocument> SettledReportAsync(HttpClient analyst)
    {
        string? previous = null;
        for (var attempt = 0; ; attempt++)
        {
            await Task.Delay(500);
            var text = await analyst.GetStringAsync(new Uri($"/v1/experiments/{Experiment}/report", UriKind.Relative));
            using var json = JsonDocument.Parse(text);
            var exposures = string.Join(",", json.RootElement.GetProperty("variants").EnumerateArray().Select(v => v.GetProperty("exposures").GetInt64()));
            if (exposures == previous || attempt == 20)
            {
                return JsonDocument.Parse(text);
            }

            previous = exposures;
        }
    }

    private static async Task<string> GetAsAsync(HttpClient analyst, string mediaType)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri($"/v1/experiments/{Experiment}/report", UriKind.Relative));
        request.Headers.Accept.ParseAdd(mediaType);
        using var response = await analyst.SendAsync(request);
        Assert.Equal(mediaType, response.Content.Headers.ContentType?.MediaType);
        return await response.Content.ReadAsStringAsync();
    }

    private static async Task<string> CliAsync(ServerProcess server, params string[] arguments)
    {
        var dll = RepositoryPaths.BuiltAssembly("OfferLab.Cli", "offerlab");
        await using var process = ChildProcess.Start("dotnet", [dll, "report", Experiment, "--server", server.BaseAddress.ToString(), "--key", TestKeys.Analyst, .. arguments]);
        var exit = await process.WaitForExitAsync(TimeSpan.FromMinutes(1));
        Assert.True(exit == 0, process.Output);
        return process.Output;
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
