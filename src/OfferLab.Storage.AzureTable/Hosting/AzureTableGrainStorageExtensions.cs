using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orleans.Configuration;
using Orleans.Hosting;
using Orleans.Providers;
using Orleans.Runtime.Hosting;

namespace OfferLab.Storage.AzureTable.Hosting;

/// <summary>Registers <see cref="AzureTableGrainStorage"/> as a named Orleans grain storage provider.</summary>
public static class AzureTableGrainStorageExtensions
{
    /// <summary>Adds Azure Table grain storage named <paramref name="name"/>; its table is created at silo start.</summary>
    public static ISiloBuilder AddAzureTableGrainStorage(this ISiloBuilder builder, string name, Action<AzureTableStorageOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.AddAzureTableGrainStorage(name, configure);
        return builder;
    }

    /// <summary>Adds Azure Table grain storage as the silo's default provider.</summary>
    public static ISiloBuilder AddAzureTableGrainStorageAsDefault(this ISiloBuilder builder, Action<AzureTableStorageOptions> configure) =>
        builder.AddAzureTableGrainStorage(ProviderConstants.DEFAULT_STORAGE_PROVIDER_NAME, configure);

    /// <summary>Adds Azure Table grain storage named <paramref name="name"/>, with options validated at start.</summary>
    public static IServiceCollection AddAzureTableGrainStorage(this IServiceCollection services, string name, Action<AzureTableStorageOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentException.ThrowIfNullOrEmpty(name);
        ArgumentNullException.ThrowIfNull(configure);
        services.AddOptions<AzureTableStorageOptions>(name).Configure(configure).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<AzureTableStorageOptions>, AzureTableStorageOptionsValidator>());
        // AddGrainStorage also registers the provider as a silo lifecycle participant, which creates the table.
        return services.AddGrainStorage(name, static (provider, providerName) => new AzureTableGrainStorage(
            providerName,
            provider.GetRequiredService<IOptionsMonitor<AzureTableStorageOptions>>().Get(providerName),
            provider.GetRequiredService<IOptions<ClusterOptions>>().Value.ServiceId,
            provider.GetRequiredService<ILogger<AzureTableGrainStorage>>()));
    }
}
