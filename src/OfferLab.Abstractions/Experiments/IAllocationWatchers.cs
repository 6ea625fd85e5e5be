using Orleans.Concurrency;

namespace OfferLab.Abstractions.Experiments;

/// <summary>A node's allocation caches, told when an experiment's allocation changed anywhere in the cluster.</summary>
public interface IAllocationWatcher : IGrainObserver
{
    /// <summary>The experiment's allocation changed: drop what is cached of it.</summary>
    [OneWay]
    Task ChangedAsync(string experimentId);
}

/// <summary>
/// The cluster's list of allocation watchers (one per node, key 0): nodes subscribe, and every experiment grain's
/// change is passed on to all of them, so no node serves a paused, concluded or retired offer past its next request.
/// </summary>
public interface IAllocationWatchersGrain : IGrainWithIntegerKey
{
    /// <summary>Adds or renews a node's watcher; one not renewed for <c>Expiry</c> is dropped.</summary>
    Task SubscribeAsync(IAllocationWatcher watcher);

    /// <summary>Tells every watcher that <paramref name="experimentId"/> changed (one-way calls; a watcher that is gone is dropped at expiry).</summary>
    Task PublishAsync(string experimentId);
}
