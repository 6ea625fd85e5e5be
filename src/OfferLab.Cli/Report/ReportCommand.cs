using System.CommandLine;
using System.Net.Http.Headers;
using System.Text.Json;
using OfferLab.Core.ReportFormats;

namespace OfferLab.Cli.Report;

/// <summary>
/// <c>offerlab report ID --server URL --key KEY [--format table|json|csv|md|html] [--out FILE]</c>: the significance
/// report of one experiment. json, csv, md and html are the server's own forms (asked for with the Accept header);
/// table is rendered here from the JSON for a terminal. Exit 0 when written, 1 when the server refused or failed,
/// 2 on usage errors.
/// </summary>
internal static class ReportCommand
{
    private static readonly Dictionary<string, string> MediaTypes = new(StringComparer.Ordinal)
    {
        ["table"] = "application/json",
        ["json"] = "application/json",
        ["csv"] = "text/csv",
        ["md"] = "text/markdown",
        ["html"] = "text/html",
    };

    public static Command Create()
    {
        var id = new Argument<string>("ID") { Description = "The experiment id" };
        var server = new Option<string>("--server")
        {
            Description = "OfferLab server base URL, e.g. http://localhost:5080 (default: $OFFERLAB_SERVER)",
            DefaultValueFactory = _ => Environment.GetEnvironmentVariable("OFFERLAB_SERVER") ?? "",
        };
        var key = new Option<string>("--key")
        {
            Description = "API key with the analyst role (default: $OFFERLAB_KEY)",
            DefaultValueFactory = _ => Environment.GetEnvironmentVariable("OFFERLAB_KEY") ?? "",
        };
        var format = new Option<string>("--format") { Description = "table | json | csv | md | html", DefaultValueFactory = _ => "table" };
        format.AcceptOnlyFromAmong([.. MediaTypes.Keys]);
        var output = new Option<FileInfo?>("--out") { Description = "Write the report to FILE instead of the terminal" };
        var command = new Command("report", "Print an experiment's significance report.") { id, server, key, format, output };
        command.SetAction(async (parse, cancel) =>
        {
            var url = parse.GetValue(server);
            if (string.IsNullOrWhiteSpace(url) || !Uri.TryCreate(url, UriKind.Absolute, out var baseUri) || baseUri.Scheme is not ("http" or "https"))
            {
                await Console.Error.WriteLineAsync("offerlab report: --server (or OFFERLAB_SERVER) must be an http(s) URL" + (string.IsNullOrWhiteSpace(url) ? "" : $"; got '{url}'"));
                return CommandLine.Usage;
            }

            var apiKey = parse.GetValue(key);
            if (string.IsNullOrWhiteSpace(apiKey))
            {
                await Console.Error.WriteLineAsync("offerlab report: --key (or OFFERLAB_KEY) is required");
                return CommandLine.Usage;
            }

            var experiment = parse.GetValue(id) ?? "";
            var form = parse.GetValue(format) ?? "table";
            var (status, text) = await FetchAsync(baseUri, apiKey, experiment, MediaTypes[form], cancel);
            if (status is not null)
            {
                await Console.Error.WriteLineAsync($"offerlab report: {status}");
                return CommandLine.Failed;
            }

            if (form == "table")
            {
                try
                {
                    using var json = JsonDocument.Parse(text);
                    text = ReportText.Terminal(ReportTable.Parse(json.RootElement));
                }
                catch (JsonException e)
                {
                    await Console.Error.WriteLineAsync($"offerlab report: the server's answer is not a report ({e.Message})");
                    return CommandLine.Failed;
                }
            }

            if (parse.GetValue(output) is { } file)
            {
                await File.WriteAllTextAsync(file.FullName, text, cancel);
                await Console.Error.WriteLineAsync($"offerlab report: wrote {file.FullName}");
            }
            else
            {
                await Console.Out.WriteAsync(text);
            }

            return CommandLine.Ok;
        });
        return command;
    }

    /// <summary>The report's text, or a reason it could not be had (the server's problem detail when it gave one).</summary>
    private static async Task<(string? Problem, string Text)> FetchAsync(Uri server, string key, string experiment, string mediaType, CancellationToken cancel)
    {
        using var client = new HttpClient { BaseAddress = server, Timeout = TimeSpan.FromSeconds(60) };
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", key);
        client.DefaultRequestHeaders.Accept.Add(new MediaTypeWithQualityHeaderValue(mediaType));
        try
        {
            using var response = await client.GetAsync(new Uri($"v1/experiments/{Uri.EscapeDataString(experiment)}/report", UriKind.Relative), cancel);
            var body = await response.Content.ReadAsStringAsync(cancel);
            if (response.IsSuccessStatusCode)
            {
                return (null, body);
            }

            var detail = ProblemDetail(body);
            return ((int)response.StatusCode switch
            {
                404 => $"no experiment '{experiment}' on {server}",
                401 => "the key was refused (401)" + detail,
                403 => "this key's role may not read reports (403); use an analyst key" + detail,
                _ => $"the server answered {(int)response.StatusCode}" + detail,
            }, "");
        }
        catch (HttpRequestException e)
        {
            return ($"could not reach {server}: {e.Message}", "");
        }
        catch (TaskCanceledException) when (!cancel.IsCancellationRequested)
        {
            return ($"{server} did not answer within 60 s", "");
        }
    }

    private static string ProblemDetail(string body)
    {
        try
        {
            using var json = JsonDocument.Parse(body);
            return json.RootElement.TryGetProperty("detail", out var detail) && detail.GetString() is { Length: > 0 } text ? ": " + text : "";
        }
        catch (JsonException)
        {
            return "";
        }
    }
}
