using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using OfferLab.Grains;
using OfferLab.Storage.AzureTable.Hosting;
using OfferLab.Testing;
using Orleans.TestingHost;

namespace OfferLab.Grains.Tests;

/// <summary>One in-process Orleans cluster per collection, its grain state in this run's Azurite, its clock fake.</summary>
public sealed class ClusterFixture : IAsyncLifetime
{
    private InProcessTestCluster? _cluster;

    /// <summary>OfferLab's clock in the silo (not Orleans' own); tests move it, nothing sleeps.</summary>
    public FakeTimeProvider Time { get; } = new(new DateTimeOffset(2026, 12, 1, 9, 0, 0, TimeSpan.Zero));

    public IGrainFactory Grains => _cluster?.Client ?? throw new InvalidOperationException("Not started.");

    public async Task InitializeAsync()
    {
        var azurite = await Azurite.SharedAsync();
        var builder = new InProcessTestClusterBuilder(1);
        builder.Options.ServiceId = "grains-" + Guid.NewGuid().ToString("N")[..8];
        builder.ConfigureSilo((_, silo) =>
        {
            silo.Services.AddKeyedSingleton<TimeProvider>(GrainClock.Key, Time);
            var tableName = "grains" + Guid.NewGuid().ToString("N")[..12];
            silo.AddAzureTableGrainStorage(GrainStorage.Name, table => (table.ConnectionString, table.TableName) = (azurite.ConnectionString, tableName));
            silo.AddAzureTableGrainStorage(GrainStorage.Customers, table => (table.ConnectionString, table.TableName, table.Buckets, table.PackRecords) = (azurite.ConnectionString, tableName, 16, true));
        });
        _cluster = builder.Build();
        await _cluster.DeployAsync();
    }

    public async Task DisposeAsync()
    {
        if (_cluster is not null)
        {
            await _cluster.DisposeAsync();
        }
    }
}

[CollectionDefinition(Name)]
public sealed class ClusterCollection : ICollectionFixture<ClusterFixture>
{
    public const string Name = "cluster";
}
