using Azure.Data.Tables;
using OfferLab.Storage.AzureTable.Hosting;
using OfferLab.Testing;
using Orleans.TestingHost;

namespace OfferLab.Storage.AzureTable.Tests.Cluster;

/// <summary>The provider inside a real Orleans silo, with state surviving deactivation and a silo restart.</summary>
public sealed class ClusterPersistenceTests
{
    private readonly string _table = Support.TestStorage.UniqueTable("cluster");
    private readonly string _serviceId = "cluster-" + Guid.NewGuid().ToString("N")[..8];

    [Fact]
    public async Task Grain_state_survives_deactivation_and_a_silo_restart()
    {
        var grainKey = "customer/é#1?";
        Guid firstActivation;
        await using (var cluster = await StartClusterAsync())
        {
            // The silo created the table while starting, before any grain asked for it.
            Assert.True(await TableExistsAsync());
            var grain = cluster.Client.GetGrain<ICounterGrain>(grainKey);
            Assert.Equal(1, await grain.IncrementAsync());
            Assert.Equal(2, await grain.IncrementAsync());
            firstActivation = await grain.ActivationAsync();

            await grain.DeactivateAsync();

            Assert.NotEqual(firstActivation, await grain.ActivationAsync());
            Assert.Equal(2, await grain.GetAsync());
            Assert.Equal(3, await grain.IncrementAsync());
            await cluster.StopAllSilosAsync();
        }

        await using (var restarted = await StartClusterAsync())
        {
            var grain = restarted.Client.GetGrain<ICounterGrain>(grainKey);

            Assert.Equal(3, await grain.GetAsync());
            Assert.Equal(4, await grain.IncrementAsync());
            Assert.Equal(0, await restarted.Client.GetGrain<ICounterGrain>("someone-else").GetAsync());
        }
    }

    private async Task<bool> TableExistsAsync()
    {
        var service = new TableServiceClient((await Azurite.SharedAsync()).ConnectionString);
        await foreach (var table in service.QueryAsync(t => t.Name == _table))
        {
            return table.Name == _table;
        }

        return false;
    }

    private async Task<InProcessTestCluster> StartClusterAsync()
    {
        var connectionString = (await Azurite.SharedAsync()).ConnectionString;
        var builder = new InProcessTestClusterBuilder(1);
        builder.Options.ServiceId = _serviceId;
        builder.ConfigureSilo((_, silo) => silo.AddAzureTableGrainStorage(CounterGrain.StorageName, options =>
        {
            options.ConnectionString = connectionString;
            options.TableName = _table;
        }));
        var cluster = builder.Build();
        await cluster.DeployAsync();
        return cluster;
    }
}
