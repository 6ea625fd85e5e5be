namespace OfferLab.Grains.Experiments;

/// <summary>
/// Tells this silo's allocation caches that an experiment's allocation changed (new weights at a period close, a
/// retirement, a new version, a lifecycle step), so that they stop serving the old one at once rather than at their
/// next refresh. OfferLab runs one silo, where the experiment grain and the caches share the process; a cluster would
/// send this to every silo.
/// </summary>
public sealed class AllocationChanges
{
    public event Action<string>? Changed;

    public void Publish(string experimentId) => Changed?.Invoke(experimentId);
}
