using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace OfferLab.Storage.AzureTable.Journal;

/// <summary>Registers <see cref="AzureTableEventJournal"/> as the singleton <see cref="IEventJournal"/>.</summary>
public static class EventJournalServiceCollectionExtensions
{
    /// <summary>
    /// Adds the journal, with options validated at start (every problem listed at once). A hosted service opens it
    /// when the host starts, retrying in the background while storage does not answer (the host starts anyway;
    /// <see cref="IEventJournal.IsReady"/> tells); an append before then opens it itself or fails.
    /// Uses the registered <see cref="TimeProvider"/>, or the system clock.
    /// </summary>
    public static IServiceCollection AddEventJournal(this IServiceCollection services, Action<JournalOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configure);
        services.AddOptions<JournalOptions>().Configure(configure).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<JournalOptions>, JournalOptionsValidator>());
        services.TryAddSingleton(sp => new AzureTableEventJournal(
            sp.GetRequiredService<IOptions<JournalOptions>>().Value,
            sp.GetService<TimeProvider>() ?? TimeProvider.System,
            sp.GetRequiredService<ILogger<AzureTableEventJournal>>()));
        services.TryAddSingleton<IEventJournal>(sp => sp.GetRequiredService<AzureTableEventJournal>());
        services.AddHostedService<JournalOpener>();
        return services;
    }
}
