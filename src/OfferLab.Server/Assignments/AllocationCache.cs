using System.Collections.Concurrent;
using Microsoft.Extensions.Options;
using OfferLab.Abstractions.Assignment;
using OfferLab.Abstractions.Experiments;
using OfferLab.Core.Declarations;
using OfferLab.Grains.Experiments;
using OfferLab.Server.Hosting;

namespace OfferLab.Server.Assignments;

/// <summary>
/// This silo's copy of every experiment's allocation (declaration in force, period, weights), so that an assign
/// never waits on an experiment grain. Entries older than <see cref="AssignmentOptions.CacheRefresh"/> are
/// served while one background call refreshes them; a change to an experiment (its grain announces every write
/// through <see cref="AllocationChanges"/>, whether it came from the API, a period close or a retirement) drops its
/// entry at once, so a retired offer is not served again.
/// </summary>
internal sealed class AllocationCache
{
    private readonly IGrainFactory _grains;
    private readonly TimeProvider _time;
    private readonly TimeSpan _refresh;
    private readonly ConcurrentDictionary<string, Entry> _entries = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, Task<Entry?>> _fetching = new(StringComparer.Ordinal);

    // Bumped by every invalidation: a fetch that began before one must not store what it read.
    private readonly ConcurrentDictionary<string, long> _changes = new(StringComparer.Ordinal);
    private (DateTimeOffset At, IReadOnlyList<string> Ids)? _registry;

    public AllocationCache(IGrainFactory grains, TimeProvider time, IOptions<OfferLabOptions> options, AllocationChanges changes)
    {
        (_grains, _time, _refresh) = (grains, time, options.Value.Assignment.CacheRefresh);
        changes.Changed += Invalidate;
    }

    /// <summary>The experiment's allocation, or null when it was never declared.</summary>
    public async ValueTask<Allocation?> GetAsync(string experimentId)
    {
        if (_entries.TryGetValue(experimentId, out var entry))
        {
            if (_time.GetUtcNow() - entry.FetchedAt > _refresh)
            {
                _ = FetchAsync(experimentId);
            }

            return entry.Allocation;
        }

        return (await FetchAsync(experimentId))?.Allocation;
    }

    /// <summary>Every declared experiment at <paramref name="placement"/> that is not a draft.</summary>
    public async ValueTask<IReadOnlyList<Allocation>> ForPlacementAsync(Placement placement)
    {
        var now = _time.GetUtcNow();
        if (_registry is not { } registry || now - registry.At > _refresh * 5)
        {
            registry = (now, await _grains.GetGrain<IExperimentRegistryGrain>(0).GetAllAsync());
            _registry = registry;
        }

        var found = new List<Allocation>();
        foreach (var id in registry.Ids)
        {
            if (await GetAsync(id) is { } allocation && allocation.Declaration.Placement == placement && allocation.View.Status != ExperimentStatus.Draft)
            {
                found.Add(allocation);
            }
        }

        return found;
    }

    /// <summary>Drops what this silo knows of an experiment (its grain wrote a change), so the next assign sees the change.</summary>
    private void Invalidate(string experimentId)
    {
        _changes.AddOrUpdate(experimentId, 1, (_, n) => n + 1);
        _entries.TryRemove(experimentId, out _);
        _fetching.TryRemove(experimentId, out _);
        _registry = null;
    }

    private Task<Entry?> FetchAsync(string experimentId) =>
        _fetching.GetOrAdd(experimentId, id => FetchOnceAsync(id));

    private async Task<Entry?> FetchOnceAsync(string experimentId)
    {
        var change = _changes.GetValueOrDefault(experimentId);
        try
        {
            var view = await _grains.GetGrain<IExperimentGrain>(experimentId).GetAllocationAsync();
            if (view is null)
            {
                return null;
            }

            var declaration = _entries.TryGetValue(experimentId, out var known) && known.Allocation.View.Version == view.Version
                ? known.Allocation.Declaration
                : DeclarationParser.Parse(view.Source, experimentId + ".yaml").Declaration
                    ?? throw new InvalidOperationException($"The declaration of '{experimentId}' in force no longer parses.");
            var entry = new Entry(new Allocation(view, declaration), _time.GetUtcNow());
            if (_changes.GetValueOrDefault(experimentId) == change)
            {
                _entries[experimentId] = entry;
            }

            return entry;
        }
        finally
        {
            if (_changes.GetValueOrDefault(experimentId) == change)
            {
                _fetching.TryRemove(experimentId, out _);
            }
        }
    }

    private sealed record Entry(Allocation Allocation, DateTimeOffset FetchedAt);
}

/// <summary>An experiment's allocation view with its parsed declaration.</summary>
internal sealed record Allocation(AllocationView View, ExperimentDeclaration Declaration);
