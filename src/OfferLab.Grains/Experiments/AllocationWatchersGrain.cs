using OfferLab.Abstractions.Experiments;

namespace OfferLab.Grains.Experiments;

/// <summary>
/// The watchers of every node (<see cref="IAllocationWatchersGrain"/>). Held in memory only: nodes renew their
/// subscription every <see cref="Renewal"/>, so a reactivated list is whole again within that time, and meanwhile a
/// node's cache is at most its refresh interval (<c>Assignment:CacheRefresh</c>) behind.
/// </summary>
public sealed class AllocationWatchersGrain(TimeProvider time) : Grain, IAllocationWatchersGrain
{
    /// <summary>How often a node renews its subscription.</summary>
    public static readonly TimeSpan Renewal = TimeSpan.FromSeconds(20);

    /// <summary>A watcher not renewed for this long (three renewals) belongs to a node that is gone.</summary>
    public static readonly TimeSpan Expiry = Renewal * 3;

    private readonly Dictionary<IAllocationWatcher, DateTimeOffset> _watchers = [];

    public Task SubscribeAsync(IAllocationWatcher watcher)
    {
        _watchers[watcher] = time.GetUtcNow();
        return Task.CompletedTask;
    }

    public Task PublishAsync(string experimentId)
    {
        var now = time.GetUtcNow();
        foreach (var (watcher, renewed) in _watchers.ToList())
        {
            if (now - renewed > Expiry)
            {
                _watchers.Remove(watcher);
                continue;
            }

            // One-way: returns at once, whatever the node does with it.
            _ = watcher.ChangedAsync(experimentId);
        }

        return Task.CompletedTask;
    }
}
