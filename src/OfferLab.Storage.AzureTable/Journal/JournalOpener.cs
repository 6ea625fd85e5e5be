using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace OfferLab.Storage.AzureTable.Journal;

/// <summary>Opens the journal when the host starts, retrying while storage does not answer; disposes it (storing what was accepted) when the host stops.</summary>
internal sealed partial class JournalOpener(AzureTableEventJournal journal, ILogger<JournalOpener> logger, TimeProvider? time = null) : BackgroundService
{
    private static readonly TimeSpan RetryDelay = TimeSpan.FromSeconds(2);

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        await base.StopAsync(cancellationToken).ConfigureAwait(false);
        await journal.DisposeAsync().ConfigureAwait(false);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await journal.InitializeAsync(stoppingToken).ConfigureAwait(false);
                return;
            }
            catch (Exception e) when (e is not OperationCanceledException and not OutOfMemoryException)
            {
                LogOpenFailed(logger, e, RetryDelay);
                await Task.Delay(RetryDelay, time ?? TimeProvider.System, stoppingToken).ConfigureAwait(false);
            }
        }
    }

    [LoggerMessage(LogLevel.Error, "The event journal could not be opened (is Table storage reachable?); retrying in {Delay}.")]
    private static partial void LogOpenFailed(ILogger logger, Exception exception, TimeSpan delay);
}
