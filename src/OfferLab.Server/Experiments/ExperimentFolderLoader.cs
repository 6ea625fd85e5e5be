using Microsoft.Extensions.Options;
using OfferLab.Abstractions.Experiments;
using OfferLab.Core.Declarations;
using OfferLab.Server.Hosting;

namespace OfferLab.Server.Experiments;

/// <summary>
/// Applies every declaration in the configured folder (<c>OfferLab:Experiments:Path</c>) once the silo has
/// started, as author <c>startup</c>. A file that is invalid, or a change that is refused, is logged with its
/// exact messages and skipped: one broken file must not keep the other experiments (or the shop) down.
/// </summary>
internal sealed partial class ExperimentFolderLoader(
    IOptions<OfferLabOptions> options,
    IGrainFactory grains,
    ILogger<ExperimentFolderLoader> logger) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var folder = options.Value.Experiments.Path;
        if (string.IsNullOrWhiteSpace(folder))
        {
            return;
        }

        if (!Directory.Exists(folder))
        {
            logger.LogWarning("The experiments folder {Folder} does not exist; no experiments loaded.", folder);
            return;
        }

        var files = Directory.EnumerateFiles(folder, "*.yaml").Concat(Directory.EnumerateFiles(folder, "*.yml")).Order(StringComparer.Ordinal);
        foreach (var file in files)
        {
            await ApplyAsync(file, cancellationToken);
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    private async Task ApplyAsync(string file, CancellationToken cancellationToken)
    {
        var name = Path.GetFileName(file);
        var source = await File.ReadAllTextAsync(file, cancellationToken);
        var parsed = DeclarationParser.Parse(source, name);
        if (parsed.Declaration is null || parsed.Errors.Count > 0)
        {
            foreach (var error in parsed.Errors)
            {
                logger.LogError("Not loaded: {Error}", error.ToString());
            }

            return;
        }

        var result = await grains.GetGrain<IExperimentGrain>(parsed.Declaration.Id).ApplyAsync(source, name, "startup", asDraft: false);
        switch (result.Outcome)
        {
            case ApplyOutcome.Invalid or ApplyOutcome.Refused:
                foreach (var error in result.Errors)
                {
                    logger.LogError("Not applied: {Error}", error.Message);
                }

                break;
            default:
                logger.LogInformation("{File}: {Experiment} {Outcome}, version {Version}, {Status}.",
                    name, parsed.Declaration.Id, result.Outcome, result.Version, result.Status);
                break;
        }
    }
}
