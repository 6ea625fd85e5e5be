using System.CommandLine;
using OfferLab.Cli.Validation;

namespace OfferLab.Cli.Apply;

/// <summary>
/// <c>offerlab apply [PATH...] --server URL --key KEY</c>: validates every file locally (nothing is sent when
/// any is invalid), then creates or changes each experiment with <c>PUT /v1/experiments/{id}</c> and prints
/// what changed. Exit 0 when all applied, 1 when any was refused or failed, 2 on usage errors.
/// </summary>
internal static class ApplyCommand
{
    public static Command Create()
    {
        var paths = ValidateCommand.Paths();
        var server = new Option<string>("--server")
        {
            Description = "OfferLab server base URL, e.g. http://localhost:5080 (default: $OFFERLAB_SERVER)",
            DefaultValueFactory = _ => Environment.GetEnvironmentVariable("OFFERLAB_SERVER") ?? "",
        };
        var key = new Option<string>("--key")
        {
            Description = "API key with the editor role (default: $OFFERLAB_KEY)",
            DefaultValueFactory = _ => Environment.GetEnvironmentVariable("OFFERLAB_KEY") ?? "",
        };
        var command = new Command("apply", "Create or change experiments on a server from their declarations.") { paths, server, key };
        command.SetAction(async (parse, cancel) =>
        {
            var url = parse.GetValue(server);
            var apiKey = parse.GetValue(key);
            if (string.IsNullOrWhiteSpace(url) || !Uri.TryCreate(url, UriKind.Absolute, out var baseUri) || baseUri.Scheme is not ("http" or "https"))
            {
                await Console.Error.WriteLineAsync("offerlab apply: --server (or OFFERLAB_SERVER) must be an http(s) URL" + (string.IsNullOrWhiteSpace(url) ? "" : $"; got '{url}'"));
                return CommandLine.Usage;
            }

            if (string.IsNullOrWhiteSpace(apiKey))
            {
                await Console.Error.WriteLineAsync("offerlab apply: --key (or OFFERLAB_KEY) is required");
                return CommandLine.Usage;
            }

            var (files, problem) = DeclarationFiles.Find(parse.GetValue(paths) ?? []);
            if (problem is not null)
            {
                await Console.Error.WriteLineAsync("offerlab apply: " + problem);
                return CommandLine.Usage;
            }

            var results = DeclarationFiles.Validate(files);
            if (results.Any(r => !r.Result.IsValid))
            {
                await ValidateCommand.ReportAsync(results);
                await Console.Error.WriteLineAsync("offerlab apply: nothing was sent; fix the errors above first");
                return CommandLine.Failed;
            }

            using var client = new ExperimentsClient(baseUri, apiKey);
            return await client.ApplyAllAsync(results, cancel) ? CommandLine.Ok : CommandLine.Failed;
        });
        return command;
    }
}
