using Microsoft.Extensions.Diagnostics.HealthChecks;
using OfferLab.Grains.Counting;

namespace OfferLab.Server.Health;

/// <summary>Ready only once what a previous run left in the journal has been replayed: before, counts and de-duplication would be incomplete.</summary>
internal sealed class JournalRecoveryHealthCheck(JournalCheckpointer checkpointer) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) =>
        Task.FromResult(checkpointer.Recovered
            ? HealthCheckResult.Healthy("The journal is recovered.")
            : HealthCheckResult.Unhealthy("The journal is being recovered."));
}
