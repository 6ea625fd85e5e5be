using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace OfferLab.Storage.AzureTable.EventJournal;

/// <summary>Registers the journal as a singleton, initialized (table, fresh segment) when the host starts.</summary>
public static partial class JournalRegistration
{
    public static IServiceCollection AddEventJournal(this IServiceCollection services, Action<JournalOptions> configure)
    {
        var options = new JournalOptions();
        configure(options);
        var problems = Validate(options);
        if (problems.Count > 0)
        {
            throw new InvalidOperationException("The event journal is misconfigured: " + string.Join(" ", problems));
        }

        services.AddSingleton(sp => new TableEventJournal(options, sp.GetService<TimeProvider>() ?? TimeProvider.System, sp.GetRequiredService<ILogger<TableEventJournal>>()));
        services.AddSingleton<IEventJournal>(sp => sp.GetRequiredService<TableEventJournal>());
        services.AddHostedService<JournalStarter>();
        return services;
    }

    internal static List<string> Validate(JournalOptions options)
    {
        var problems = new List<string>();
        if (string.IsNullOrWhiteSpace(options.ConnectionString))
        {
            problems.Add("ConnectionString is required.");
        }

        if (options.TableName.Length is < 3 or > 63 || !char.IsAsciiLetter(options.TableName[0]) || !options.TableName.All(char.IsAsciiLetterOrDigit))
        {
            problems.Add($"TableName '{options.TableName}' must be 3-63 letters or digits, starting with a letter.");
        }

        if (options.JournalId.Length is 0 or > 64 || !options.JournalId.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_'))
        {
            problems.Add($"JournalId '{options.JournalId}' must be 1-64 letters, digits, '-' or '_'.");
        }

        if (options.MaxBatchSize is < 1 or > 100)
        {
            problems.Add($"MaxBatchSize is {options.MaxBatchSize}; expected 1-100.");
        }

        if (options.MaxConcurrentBatches < 1)
        {
            problems.Add("MaxConcurrentBatches must be at least 1.");
        }

        if (options.SegmentMaxAge < TimeSpan.FromSeconds(1))
        {
            problems.Add("SegmentMaxAge must be at least one second.");
        }

        return problems;
    }

    /// <summary>Opens the journal, retrying in the background while storage does not answer, so the host starts (not ready) anyway.</summary>
    private sealed partial class JournalStarter(TableEventJournal journal, ILogger<JournalStarter> logger) : BackgroundService
    {
        public override async Task StopAsync(CancellationToken cancellationToken)
        {
            await base.StopAsync(cancellationToken);
            await journal.DisposeAsync();
        }

        protected override async Task ExecuteAsync(CancellationToken stoppingToken)
        {
            while (!stoppingToken.IsCancellationRequested)
            {
                try
                {
                    await journal.InitializeAsync(stoppingToken);
                    return;
                }
                catch (Exception ex) when (ex is not OperationCanceledException and not OutOfMemoryException)
                {
                    LogOpenFailed(logger, ex);
                    await Task.Delay(TimeSpan.FromSeconds(2), stoppingToken);
                }
            }
        }

        [LoggerMessage(LogLevel.Error, "The event journal could not be opened (is Table storage reachable?); retrying.")]
        private static partial void LogOpenFailed(ILogger logger, Exception exception);
    }
}
