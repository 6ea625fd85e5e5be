using OfferLab.Abstractions.Experiments;
using OfferLab.Grains.Experiments;

namespace OfferLab.Server.Assignments;

/// <summary>
/// In a cluster, this node's part in keeping allocation caches current: it subscribes the node to the cluster's
/// <see cref="IAllocationWatchersGrain"/> (renewed every <see cref="AllocationWatchersGrain.Renewal"/>), passes the
/// changes this node's experiment grains make on to it, and raises the changes other nodes make for this node's caches.
/// Without it a node would serve a paused or retired offer until its cache's next refresh.
/// </summary>
internal sealed partial class ClusterAllocationWatcher(IGrainFactory grains, AllocationChanges changes, ILogger<ClusterAllocationWatcher> logger)
    : BackgroundService, IAllocationWatcher
{
    public Task ChangedAsync(string experimentId)
    {
        changes.Raise(experimentId);
        return Task.CompletedTask;
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var watchers = grains.GetGrain<IAllocationWatchersGrain>(0);
        changes.Announce = experimentId => watchers.PublishAsync(experimentId).ContinueWith(
            (publish, state) => LogAnnounceFailed(logger, publish.Exception!.GetBaseException(), (string)state!),
            experimentId, CancellationToken.None, TaskContinuationOptions.OnlyOnFaulted, TaskScheduler.Default);
        var self = grains.CreateObjectReference<IAllocationWatcher>(this);
        try
        {
            while (!stoppingToken.IsCancellationRequested)
            {
                try
                {
                    await watchers.SubscribeAsync(self);
                }
                catch (Exception e) when (e is not OperationCanceledException)
                {
                    // The cluster may be changing (the list's node gone): the next renewal tries again; meanwhile this
                    // node's caches still refresh every Assignment:CacheRefresh.
                    LogSubscribeFailed(logger, e);
                }

                await Task.Delay(AllocationWatchersGrain.Renewal, stoppingToken);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Stopping.
        }
        finally
        {
            changes.Announce = null;
            grains.DeleteObjectReference<IAllocationWatcher>(self);
        }
    }

    [LoggerMessage(LogLevel.Warning, "Could not tell the cluster that experiment {Experiment} changed; other nodes see it at their next cache refresh.")]
    private static partial void LogAnnounceFailed(ILogger logger, Exception exception, string experiment);

    [LoggerMessage(LogLevel.Warning, "Could not subscribe this node to the cluster's allocation changes; trying again at the next renewal.")]
    private static partial void LogSubscribeFailed(ILogger logger, Exception exception);
}
