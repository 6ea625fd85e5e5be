namespace OfferLab.Grains.Experiments;

/// <summary>
/// Tells this silo's allocation caches that an experiment's allocation changed (new weights at a period close, a
/// retirement, a new version, a lifecycle step), so that they stop serving the old one at once rather than at their
/// next refresh. On one node the experiment grain and the caches share the process; in a cluster
/// <see cref="Announce"/> passes each change on to the other nodes (through <see cref="AllocationWatchersGrain"/>),
/// which <see cref="Raise"/> it for their own caches.
/// </summary>
public sealed class AllocationChanges
{
    public event Action<string>? Changed;

    /// <summary>Passes a change made on this node on to the cluster's other nodes; null on a node of its own.</summary>
    public Action<string>? Announce { get; set; }

    /// <summary>An experiment grain of this node changed the allocation: this node's caches drop it, and the others are told.</summary>
    public void Publish(string experimentId)
    {
        Changed?.Invoke(experimentId);
        Announce?.Invoke(experimentId);
    }

    /// <summary>Another node's experiment grain changed the allocation: this node's caches drop it.</summary>
    public void Raise(string experimentId) => Changed?.Invoke(experimentId);
}
