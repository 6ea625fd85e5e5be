using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using OfferLab.Storefront;

// Plays a storefront against a running OfferLab server (see tools/storefront.sh for the options).
var options = StorefrontOptions.Parse(args);
if (options is null)
{
    return 2;
}

using var storefront = Client(options.Server, options.StorefrontKey);
using var editor = Client(options.Server, options.EditorKey);
using var analyst = Client(options.Server, options.AnalystKey);

using (var yaml = new StringContent(DemoExperiment.Declaration, Encoding.UTF8, "application/yaml"))
using (var put = await editor.PutAsync(new Uri($"v1/experiments/{DemoExperiment.Id}", UriKind.Relative), yaml))
{
    var answer = await put.Content.ReadAsStringAsync();
    if (put.StatusCode is not (HttpStatusCode.OK or HttpStatusCode.Created))
    {
        Console.Error.WriteLine($"storefront: declaring {DemoExperiment.Id} answered {(int)put.StatusCode}: {answer}");
        return 1;
    }

    Console.WriteLine($"storefront: {DemoExperiment.Id} declared ({(int)put.StatusCode}); playing for up to {options.Duration.TotalSeconds:F0} s with {options.Concurrency} shoppers");
}

var run = DateTimeOffset.UtcNow.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);
var tally = new Tally();
var clock = Stopwatch.StartNew();
using var stop = new CancellationTokenSource(options.Duration);
var shoppers = Enumerable.Range(0, options.Concurrency).Select(w => Task.Run(async () =>
{
    var random = new Random(options.Seed * 1000 + w);
    for (var i = 0; !stop.IsCancellationRequested; i++)
    {
        try
        {
            await Shopper.VisitAsync(storefront, random, $"{run}-{w}-{i}", tally, stop.Token);
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
            return;
        }
        catch (HttpRequestException e)
        {
            tally.Failed(e.Message);
            await Task.Delay(200, CancellationToken.None);
        }
    }
})).ToList();

var retiredSeen = false;
while (!stop.IsCancellationRequested)
{
    try
    {
        await Task.Delay(TimeSpan.FromSeconds(10), stop.Token);
    }
    catch (OperationCanceledException)
    {
        break;
    }

    var states = await ArmStatesAsync(analyst);
    Console.WriteLine($"{clock.Elapsed.TotalSeconds,5:F0} s  {tally}  arms: {states}");
    if (states.Contains("retired", StringComparison.Ordinal) && !retiredSeen)
    {
        retiredSeen = true;
        Console.WriteLine("storefront: an offer was retired; playing 15 s more so the charts show the allocation after it");
        stop.CancelAfter(TimeSpan.FromSeconds(15));
    }
}

await Task.WhenAll(shoppers);
Console.WriteLine($"storefront: done after {clock.Elapsed.TotalSeconds:F0} s: {tally}; arms: {await ArmStatesAsync(analyst)}");
Console.WriteLine($"storefront: report at {options.Server}ui/experiments/{DemoExperiment.Id} (sign in with an analyst key)");
return tally.Errors > 0 && tally.Assigns == 0 ? 1 : 0;

static HttpClient Client(Uri server, string key)
{
    var client = new HttpClient { BaseAddress = server, Timeout = TimeSpan.FromSeconds(30) };
    client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", key);
    return client;
}

static async Task<string> ArmStatesAsync(HttpClient analyst)
{
    try
    {
        using var response = await analyst.GetAsync(new Uri($"v1/experiments/{DemoExperiment.Id}/report", UriKind.Relative));
        if (!response.IsSuccessStatusCode)
        {
            return $"(report answered {(int)response.StatusCode})";
        }

        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        return string.Join(", ", json.RootElement.GetProperty("variants").EnumerateArray().Select(v =>
            $"{v.GetProperty("id").GetString()} {v.GetProperty("state").GetString()}" +
            (v.TryGetProperty("retiredReason", out var reason) && reason.ValueKind == JsonValueKind.String ? $" ({reason.GetString()})" : "") +
            (v.TryGetProperty("weight", out var weight) && weight.ValueKind == JsonValueKind.Number ? $" w={weight.GetDouble():F2}" : "")));
    }
    catch (Exception e) when (e is HttpRequestException or JsonException or KeyNotFoundException or TaskCanceledException)
    {
        return $"(report unavailable: {e.Message})";
    }
}
