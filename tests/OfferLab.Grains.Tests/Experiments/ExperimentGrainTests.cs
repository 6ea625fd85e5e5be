using OfferLab.Abstractions.Experiments;

namespace OfferLab.Grains.Tests.Experiments;

[Collection(ClusterCollection.Name)]
public sealed class ExperimentGrainTests(ClusterFixture fixture)
{
    [Fact]
    public async Task Each_change_is_a_version_stamped_with_its_author_and_the_silo_clock()
    {
        var id = NewId();
        var grain = fixture.Grains.GetGrain<IExperimentGrain>(id);
        var created = await grain.ApplyAsync(Yaml(id, floor: "0.01"), id + ".yaml", "ana", asDraft: false);
        var firstAt = fixture.Time.GetUtcNow();
        fixture.Time.Advance(TimeSpan.FromHours(3));
        var changed = await grain.ApplyAsync(Yaml(id, floor: "0.02"), id + ".yaml", "ben", asDraft: false);

        Assert.Equal((ApplyOutcome.Created, 1), (created.Outcome, created.Version));
        Assert.Equal((ApplyOutcome.Changed, 2), (changed.Outcome, changed.Version));
        Assert.Contains(changed.Changes, c => c.Contains("allocation.floor", StringComparison.Ordinal));

        var snapshot = await grain.GetAsync();
        Assert.NotNull(snapshot);
        Assert.Equal(["ana", "ben"], snapshot.Versions.Select(v => v.Author));
        Assert.Equal([firstAt, firstAt.AddHours(3)], snapshot.Versions.Select(v => v.AppliedAt));
        Assert.Equal(ExperimentStatus.Running, snapshot.Status);
    }

    [Fact]
    public async Task A_schedule_that_starts_later_makes_a_draft()
    {
        var id = NewId();
        var start = fixture.Time.GetUtcNow().AddDays(2).ToString("yyyy-MM-ddTHH:mm:ssZ", System.Globalization.CultureInfo.InvariantCulture);
        var result = await fixture.Grains.GetGrain<IExperimentGrain>(id)
            .ApplyAsync(Yaml(id, floor: "0.01") + $"schedule:\n  start: {start}\n", id + ".yaml", "ana", asDraft: false);
        Assert.Equal(ExperimentStatus.Draft, result.Status);
    }

    [Fact]
    public async Task Invalid_and_mismatched_declarations_store_nothing()
    {
        var id = NewId();
        var grain = fixture.Grains.GetGrain<IExperimentGrain>(id);
        var invalid = await grain.ApplyAsync(Yaml(id, floor: "2"), id + ".yaml", "ana", asDraft: false);
        var mismatched = await grain.ApplyAsync(Yaml(NewId(), floor: "0.01"), id + ".yaml", "ana", asDraft: false);

        Assert.Equal(ApplyOutcome.Invalid, invalid.Outcome);
        Assert.Contains(invalid.Errors, e => e.Path == "allocation.floor" && e.Message.StartsWith($"{id}.yaml:", StringComparison.Ordinal));
        Assert.Equal(ApplyOutcome.Invalid, mismatched.Outcome);
        Assert.Equal("id", Assert.Single(mismatched.Errors).Path);
        Assert.Null(await grain.GetAsync());
        Assert.DoesNotContain(id, await fixture.Grains.GetGrain<IExperimentRegistryGrain>(0).GetAllAsync());
    }

    [Fact]
    public async Task State_survives_deactivation()
    {
        var id = NewId();
        var grain = fixture.Grains.GetGrain<IExperimentGrain>(id);
        await grain.ApplyAsync(Yaml(id, floor: "0.01"), id + ".yaml", "ana", asDraft: false);
        await grain.PauseAsync("ana");
        await fixture.Grains.GetGrain<IManagementGrain>(0).ForceActivationCollection(TimeSpan.Zero);

        var snapshot = await grain.GetAsync();
        Assert.NotNull(snapshot);
        Assert.Equal(ExperimentStatus.Paused, snapshot.Status);
        Assert.Equal([ExperimentStatus.Running, ExperimentStatus.Paused], snapshot.Lifecycle.Select(e => e.To));
        Assert.Contains(id, await fixture.Grains.GetGrain<IExperimentRegistryGrain>(0).GetAllAsync());
    }

    private static string NewId() => "g-" + Guid.NewGuid().ToString("N")[..12];

    private static string Yaml(string id, string floor) => $"""
        apiVersion: offerlab/v1
        id: {id}
        name: Accessories with a laptop
        placement: product_page
        variants:
          - id: control
            control: true
            offer: null
          - id: mouse
            offer: {"{"} sku: MOUSE-1, title: Add a mouse, price: 19.9, margin: 8 {"}"}
        allocation:
          floor: {floor}

        """;
}
