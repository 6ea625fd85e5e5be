using Azure;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace OfferLab.Server.Health;

/// <summary>Ready only when Table storage answers a request.</summary>
internal sealed class TableStorageHealthCheck(TableStorageProbe probe) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(TimeSpan.FromSeconds(3));
        try
        {
            await foreach (var _ in probe.Client.QueryAsync(maxPerPage: 1, cancellationToken: timeout.Token))
            {
                break;
            }

            return HealthCheckResult.Healthy("Table storage answers.");
        }
        catch (Exception ex) when (ex is RequestFailedException or OperationCanceledException or HttpRequestException or AggregateException)
        {
            return HealthCheckResult.Unhealthy("Table storage does not answer.", ex);
        }
    }
}
