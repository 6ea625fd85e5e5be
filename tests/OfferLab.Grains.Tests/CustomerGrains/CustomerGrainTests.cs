using System.Collections.Immutable;
using Microsoft.Extensions.DependencyInjection;
using OfferLab.Abstractions.Assignment;
using OfferLab.Grains;
using OfferLab.Grains.Counting;
using OfferLab.Storage.AzureTable.Hosting;
using OfferLab.Storage.AzureTable.Journal;
using Microsoft.Extensions.Time.Testing;
using OfferLab.Grains.Customers;
using OfferLab.Testing;
using Orleans.TestingHost;

namespace OfferLab.Grains.Tests.CustomerGrains;

/// <summary>
/// Customer grains in a silo with the real journal (in the shared Azurite) and customer storage in an Azurite of their
/// own, which a test can freeze like a hung storage service. The grains' clock is fake.
/// </summary>
public sealed class CustomerGrainTests : IAsyncLifetime
{
    private static readonly AssignPlan Plan = new(
        "burger-sides", 1, 0, ["control", "fries"], [null, "FRIES-M"], [0.5, 0.5], CustomerStickiness: false, CapPerDay: 100, SuppressAfterDeclines: 100);

    private Azurite? _customerStore;
    private InProcessTestCluster? _cluster;

    private FakeTimeProvider Time { get; } = new(new DateTimeOffset(2026, 12, 1, 9, 0, 0, TimeSpan.Zero));

    private IGrainFactory Grains => _cluster!.Client;

    public async Task InitializeAsync()
    {
        var journalStore = await Azurite.SharedAsync();
        var customerStore = _customerStore = await Azurite.StartAsync();
        var suffix = Guid.NewGuid().ToString("N")[..12];
        var builder = new InProcessTestClusterBuilder(1);
        builder.Options.ServiceId = "checkpoints-" + suffix[..8];
        builder.ConfigureSilo((_, silo) =>
        {
            silo.Services.AddKeyedSingleton<TimeProvider>(GrainClock.Key, Time);
            silo.Services.AddEventJournal(journal => (journal.ConnectionString, journal.TableName) = (journalStore.ConnectionString, "journal" + suffix));
            silo.Services.AddSingleton<CountAggregator>();
            silo.Services.AddSingleton<OfferJournal>();
            silo.AddAzureTableGrainStorage(GrainStorage.Customers, table =>
                (table.ConnectionString, table.TableName, table.Buckets) = (customerStore.ConnectionString, "customers" + suffix, 4));
        });
        _cluster = builder.Build();
        await _cluster.DeployAsync();
    }

    public async Task DisposeAsync()
    {
        _customerStore?.Thaw();
        if (_cluster is not null)
        {
            await _cluster.DisposeAsync();
        }

        if (_customerStore is not null)
        {
            await _customerStore.DisposeAsync();
        }
    }

    /// <summary>
    /// A checkpoint writes every customer a closing journal segment touched. The write must not hold the customer:
    /// its storefront requests go on while the write waits on a hung customer store (the journal lives elsewhere, so
    /// new exposures stay durable).
    /// </summary>
    [Fact]
    public async Task A_customer_answers_and_records_new_exposures_while_its_checkpoint_write_hangs()
    {
        var customer = Grains.GetGrain<ICustomerGrain>("c-" + Guid.NewGuid().ToString("N"));
        var first = (await customer.AssignAsync("s-1", [Plan])).Single();
        Assert.Equal(AssignReason.Assigned, first.Reason);

        _customerStore!.Freeze();
        var persist = customer.PersistAsync("segment-under-test");
        await Task.Delay(TimeSpan.FromMilliseconds(500));
        Assert.False(persist.IsCompleted, "the customer store is frozen, so the checkpoint write cannot have finished");

        var again = (await customer.AssignAsync("s-1", [Plan]).WaitAsync(TimeSpan.FromSeconds(15))).Single();
        Assert.Equal(AssignReason.Sticky, again.Reason);
        Assert.Equal(first.Variant, again.Variant);
        Assert.Equal(first.TokenId, again.TokenId);

        var other = (await customer.AssignAsync("s-2", [Plan]).WaitAsync(TimeSpan.FromSeconds(15))).Single();
        Assert.Equal(AssignReason.Assigned, other.Reason);
        Assert.False(persist.IsCompleted, "still frozen: the answers above did not wait for the write");

        _customerStore.Thaw();
        await persist.WaitAsync(TimeSpan.FromSeconds(90));

        // Nothing is lost: deactivated (which writes what changed during the checkpoint) and read back from storage,
        // the customer still knows both sessions.
        await Grains.GetGrain<IManagementGrain>(0).ForceActivationCollection(TimeSpan.Zero);
        Assert.Equal(AssignReason.Sticky, (await customer.AssignAsync("s-2", [Plan])).Single().Reason);
        Assert.Equal(AssignReason.Sticky, (await customer.AssignAsync("s-1", [Plan])).Single().Reason);
    }

    [Fact]
    public async Task A_returning_customer_keeps_recent_sessions_and_forgets_ones_that_began_over_a_day_ago()
    {
        var customer = Grains.GetGrain<ICustomerGrain>("c-" + Guid.NewGuid().ToString("N"));
        for (var i = 0; i < CustomerGrain.SessionsKept; i++)
        {
            Assert.Equal(AssignReason.Assigned, (await customer.AssignAsync($"old-{i}", [Plan])).Single().Reason);
        }

        Time.Advance(CustomerGrain.SessionLifetime + TimeSpan.FromHours(1));

        // Up to the limit nothing is forgotten, however old.
        Assert.Equal(AssignReason.Sticky, (await customer.AssignAsync("old-0", [Plan])).Single().Reason);

        // One more session: the ones that began over a day ago are forgotten, the new one is kept.
        Assert.Equal(AssignReason.Assigned, (await customer.AssignAsync("new-1", [Plan])).Single().Reason);
        Assert.Equal(AssignReason.Sticky, (await customer.AssignAsync("new-1", [Plan])).Single().Reason);
        Assert.Equal(AssignReason.Assigned, (await customer.AssignAsync("old-5", [Plan])).Single().Reason);
        Assert.Equal(AssignReason.Sticky, (await customer.AssignAsync("old-5", [Plan])).Single().Reason);
    }
}
