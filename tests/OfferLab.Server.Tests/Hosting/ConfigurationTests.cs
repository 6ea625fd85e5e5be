using OfferLab.Testing;

namespace OfferLab.Server.Tests.Hosting;

[Collection(ServerCollection.Name)]
public sealed class ConfigurationTests(ServerFixture fixture)
{
    [Fact]
    public async Task A_bad_configuration_stops_the_start_and_lists_every_error_at_once()
    {
        var bad = new Dictionary<string, string?>
        {
            ["OfferLab__Storage__ConnectionString"] = "",
            ["OfferLab__Silo__SiloPort"] = "70000",
            ["OfferLab__ApiKeys__0__Key"] = "short",
            ["OfferLab__ApiKeys__1__Role"] = "superuser",
            ["OfferLab__Storage__JournalTransactions"] = "0",
            ["OfferLab__Storage__JournalBatchDelay"] = "00:00:01",
            ["OfferLab__Assignment__CheckpointMaxRecords"] = "10",
        };
        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => ServerProcess.StartAsync(fixture.Azurite, bad));

        Assert.Contains("exited with code", error.Message, StringComparison.Ordinal);
        Assert.Contains("OfferLab:Storage:ConnectionString is required", error.Message, StringComparison.Ordinal);
        Assert.Contains("OfferLab:Silo:SiloPort is 70000", error.Message, StringComparison.Ordinal);
        Assert.Contains("OfferLab:ApiKeys:0:Key ('test storefront') must be at least 16 characters", error.Message, StringComparison.Ordinal);
        Assert.Contains("OfferLab:ApiKeys:1:Role ('test editor') is 'superuser'", error.Message, StringComparison.Ordinal);
        Assert.Contains("OfferLab:Storage:JournalTransactions 0 must be between 1 and 64", error.Message, StringComparison.Ordinal);
        Assert.Contains("OfferLab:Storage:JournalBatchDelay 00:00:01 must be between 0 and 100 ms", error.Message, StringComparison.Ordinal);
        Assert.Contains("OfferLab:Assignment:CheckpointMaxRecords 10 must be between 1000 and 10000000", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_cluster_needs_a_redis_server_and_a_bucket_per_customer_shard()
    {
        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => ServerProcess.StartAsync(fixture.Azurite, new Dictionary<string, string?>
        {
            ["OfferLab__Silo__Clustering"] = "redis",
            ["OfferLab__Silo__AdvertisedAddress"] = "node-a.local",
            ["OfferLab__Storage__CustomerBuckets"] = "128",
        }));

        Assert.Contains("OfferLab:Silo:Redis is required with Clustering 'redis'", error.Message, StringComparison.Ordinal);
        Assert.Contains("OfferLab:Silo:AdvertisedAddress 'node-a.local' must be an IP address", error.Message, StringComparison.Ordinal);
        Assert.Contains("OfferLab:Storage:CustomerBuckets is 128; a cluster needs at least 256", error.Message, StringComparison.Ordinal);

        var unknown = await Assert.ThrowsAsync<InvalidOperationException>(() => ServerProcess.StartAsync(fixture.Azurite, new Dictionary<string, string?> { ["OfferLab__Silo__Clustering"] = "consul" }));
        Assert.Contains("OfferLab:Silo:Clustering 'consul' must be 'localhost' (one node) or 'redis' (a cluster)", unknown.Message, StringComparison.Ordinal);
    }
}
