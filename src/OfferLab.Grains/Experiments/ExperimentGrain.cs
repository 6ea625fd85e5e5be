using Microsoft.Extensions.DependencyInjection;
using Orleans.Runtime;
using System.Collections.Immutable;
using OfferLab.Abstractions.Experiments;
using OfferLab.Core.Declarations;

namespace OfferLab.Grains.Experiments;

/// <summary>
/// Keeps one experiment's declaration versions and lifecycle. Every accepted change is a new version with its
/// author and time; changes that would invalidate the data collected so far are refused while it runs.
/// </summary>
public sealed partial class ExperimentGrain(
    [PersistentState("experiment", GrainStorage.Name)] IPersistentState<ExperimentState> state,
    [PersistentState("counts", GrainStorage.Name)] IPersistentState<ExperimentCountsState> counts,
    [FromKeyedServices(GrainClock.Key)] TimeProvider time) : Grain, IExperimentGrain
{
    private ExperimentDeclaration? _current;

    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        if (state.State.Versions.Count > 0)
        {
            SchedulePeriods(Current());
        }

        return Task.CompletedTask;
    }

    public async Task<ApplyResult> ApplyAsync(string source, string fileName, string author, bool asDraft)
    {
        var parsed = DeclarationParser.Parse(source, fileName);
        if (parsed.Declaration is not { } proposed || parsed.Errors.Count > 0)
        {
            return Answer(ApplyOutcome.Invalid, [], parsed.Errors);
        }

        var id = this.GetPrimaryKeyString();
        if (proposed.Id != id)
        {
            return Answer(ApplyOutcome.Invalid, [], [proposed.Source.ErrorAt("id", $"the declaration's id '{proposed.Id}' does not match the experiment '{id}' it is applied to")]);
        }

        var now = time.GetUtcNow();
        if (state.State.Versions.Count == 0)
        {
            await GrainFactory.GetGrain<IExperimentRegistryGrain>(0).AddAsync(id);
            var status = asDraft || proposed.Schedule.Start > now ? ExperimentStatus.Draft : ExperimentStatus.Running;
            state.State.Status = status;
            state.State.StartsOnSchedule = !asDraft && status == ExperimentStatus.Draft;
            state.State.Versions.Add(new ExperimentVersion(1, source, author, now, ["created"]));
            state.State.Lifecycle.Add(new LifecycleEvent(ExperimentStatus.Draft, status, author, now, "declared"));
            await PersistAsync();
            _current = proposed;
            await StartPeriodAsync(proposed, closeCurrent: false);
            return Answer(ApplyOutcome.Created, ["created"], []);
        }

        if (state.State.Status == ExperimentStatus.Concluded)
        {
            return Answer(ApplyOutcome.Refused, [], [new DeclarationError(fileName, 1, 1, "(experiment)", "the experiment is concluded and cannot change; declare a new experiment id")]);
        }

        var isLive = state.State.Status is ExperimentStatus.Running or ExperimentStatus.Paused;
        var changes = DeclarationChanges.Compare(Current(), proposed, isLive);
        if (changes.Refusals.Count > 0)
        {
            return Answer(ApplyOutcome.Refused, [], changes.Refusals);
        }

        if (!changes.HasChanges)
        {
            return Answer(ApplyOutcome.Unchanged, [], []);
        }

        var version = state.State.Versions[^1].Version + 1;
        state.State.Versions.Add(new ExperimentVersion(version, source, author, now, [.. changes.Changes]));
        await PersistAsync();
        _current = proposed;
        await StartPeriodAsync(proposed, closeCurrent: true);
        return Answer(ApplyOutcome.Changed, [.. changes.Changes], []);
    }

    public Task<ExperimentSnapshot?> GetAsync() =>
        Task.FromResult(state.State.Versions.Count == 0
            ? null
            : new ExperimentSnapshot(this.GetPrimaryKeyString(), state.State.Status, [.. state.State.Versions], [.. state.State.Lifecycle]));

    public Task<LifecycleResult> PauseAsync(string actor) =>
        MoveAsync(actor, ExperimentStatus.Paused, "paused", from => from == ExperimentStatus.Running);

    /// <summary>Starts a draft whose scheduled start has come (checked when silos read the allocation and at period ticks).</summary>
    private async Task StartIfDueAsync()
    {
        if (state.State is { Status: ExperimentStatus.Draft, StartsOnSchedule: true } && Current().Schedule.Start <= time.GetUtcNow())
        {
            state.State.StartsOnSchedule = false;
            await MoveAsync("schedule", ExperimentStatus.Running, "schedule.start reached", from => from == ExperimentStatus.Draft);
        }
    }

    public Task<LifecycleResult> ResumeAsync(string actor) =>
        MoveAsync(actor, ExperimentStatus.Running, "resumed", from => from is ExperimentStatus.Paused or ExperimentStatus.Draft);

    public async Task<LifecycleResult> ConcludeAsync(string actor)
    {
        if (state.State.Versions.Count > 0 && state.State.Status != ExperimentStatus.Concluded)
        {
            state.State.Winner = BestArm(Current());
        }

        var result = await MoveAsync(actor, ExperimentStatus.Concluded, $"concluded by hand; serving '{state.State.Winner}'", from => from != ExperimentStatus.Concluded);
        if (result is { Found: true, Allowed: true } && state.State.Winner is { } winner)
        {
            var now = time.GetUtcNow();
            counts.State.Arms[winner] = new ArmStatus("winner", now, $"concluded by {actor}");
            Log(now, "concluded", counts.State.Period, winner, null, $"concluded by {actor}; serving {winner}", []);
            await WriteCountsAsync();
        }

        return result;
    }

    private async Task<LifecycleResult> MoveAsync(string actor, ExperimentStatus to, string reason, Func<ExperimentStatus, bool> allowedFrom)
    {
        if (state.State.Versions.Count == 0)
        {
            return new LifecycleResult(false, false, ExperimentStatus.Draft, 0, "no such experiment");
        }

        var from = state.State.Status;
        var version = state.State.Versions[^1].Version;
        if (!allowedFrom(from))
        {
            return new LifecycleResult(true, false, from, version, $"a {Name(from)} experiment cannot be {reason.Split(' ')[0]}");
        }

        state.State.Status = to;
        state.State.Lifecycle.Add(new LifecycleEvent(from, to, actor, time.GetUtcNow(), reason));
        await PersistAsync();
        return new LifecycleResult(true, true, to, version, null);
    }

    /// <summary>
    /// Writes the state; when the write fails the in-memory state is ahead of storage, so the activation is
    /// dropped and the next call reloads what was really stored.
    /// </summary>
    private async Task PersistAsync()
    {
        try
        {
            await state.WriteStateAsync();
        }
        catch
        {
            _current = null;
            DeactivateOnIdle();
            throw;
        }

        AllocationChanged();
    }

    /// <summary>Lets this silo's allocation caches drop what they hold of this experiment (hosts without caches have no notifier).</summary>
    private void AllocationChanged() => ServiceProvider.GetService<AllocationChanges>()?.Publish(this.GetPrimaryKeyString());

    private ExperimentDeclaration Current() =>
        _current ??= DeclarationParser.Parse(state.State.Versions[^1].Source, this.GetPrimaryKeyString() + ".yaml").Declaration
            ?? throw new InvalidOperationException($"Stored version of '{this.GetPrimaryKeyString()}' no longer parses.");

    private ApplyResult Answer(ApplyOutcome outcome, ImmutableArray<string> changes, IReadOnlyList<DeclarationError> errors) =>
        new(outcome,
            state.State.Versions.Count == 0 ? 0 : state.State.Versions[^1].Version,
            state.State.Status,
            changes,
            [.. errors.Select(e => new ApplyError(e.Path, e.ToString()))]);

    private static string Name(ExperimentStatus status) => status.ToString().ToLowerInvariant();
}
