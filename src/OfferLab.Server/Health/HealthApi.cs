using Azure.Data.Tables;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;
using OfferLab.Server.Hosting;

namespace OfferLab.Server.Health;

internal static class HealthApi
{
    private const string ReadyTag = "ready";

    public static IServiceCollection AddOfferLabHealthChecks(this IServiceCollection services)
    {
        services.AddSingleton(sp =>
        {
            var options = sp.GetRequiredService<IOptions<OfferLabOptions>>().Value;
            var clientOptions = new TableClientOptions();
            // A readiness probe must answer quickly: one short try, no backoff.
            clientOptions.Retry.MaxRetries = 0;
            clientOptions.Retry.NetworkTimeout = TimeSpan.FromSeconds(2);
            return new TableStorageProbe(new TableServiceClient(options.Storage.ConnectionString, clientOptions));
        });
        services.AddHealthChecks()
            .AddCheck<TableStorageHealthCheck>("table-storage", tags: [ReadyTag])
            .AddCheck<JournalRecoveryHealthCheck>("journal-recovery", tags: [ReadyTag]);
        return services;
    }

    public static IEndpointRouteBuilder MapHealthApi(this IEndpointRouteBuilder app)
    {
        // Liveness: the process answers. It runs no checks, so a storage outage never restarts a healthy silo.
        app.MapHealthChecks("/health/live", new HealthCheckOptions { Predicate = _ => false });
        app.MapHealthChecks("/health/ready", new HealthCheckOptions { Predicate = c => c.Tags.Contains(ReadyTag) });
        return app;
    }
}
