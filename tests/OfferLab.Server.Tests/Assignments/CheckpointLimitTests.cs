using System.Globalization;
using OfferLab.Server.Tests.Experiments;
using OfferLab.Testing;

namespace OfferLab.Server.Tests.Assignments;

/// <summary>
/// <c>Assignment:CheckpointMaxRecords</c>: a journal segment that reaches this many records is checkpointed before
/// its age, so a restart never has more than that to replay.
/// </summary>
[Collection(ServerCollection.Name)]
public sealed class CheckpointLimitTests(ServerFixture fixture)
{
    [Fact]
    public async Task A_segment_that_reaches_the_record_limit_is_checkpointed_before_its_age()
    {
        const int limit = 1_000;
        var table = "limit" + Guid.NewGuid().ToString("N")[..16];
        await using var server = await ServerProcess.StartAsync(fixture.Azurite, new Dictionary<string, string?>
        {
            ["OfferLab__Storage__TableName"] = table,
            // Neither age nor release writes a customer during the test: only the record limit can.
            ["OfferLab__Assignment__CheckpointInterval"] = "00:10:00",
            ["OfferLab__Assignment__CustomerIdleTimeout"] = "00:10:00",
            ["OfferLab__Assignment__CheckpointMaxRecords"] = limit.ToString(CultureInfo.InvariantCulture),
        });
        var shop = new Storefront(server);
        var id = ExperimentsApiTests.NewId();
        await shop.DeclareAsync(Storefront.Yaml(id, weights: "{ control: 1, fries: 1 }", capPerDay: 1000));
        var run = Guid.NewGuid().ToString("N")[..8];
        var first = $"limit-{run}-0";

        // One exposure each: the first customer's record opens the segment, the limit-th fills it and the next one,
        // finding it full, closes it.
        await shop.AssignOneAsync(id, first, "s");
        Assert.Empty(await StoredCustomers.FindAsync(fixture.Azurite.ConnectionString, table, first));
        await Parallel.ForEachAsync(Enumerable.Range(1, limit), new ParallelOptions { MaxDegreeOfParallelism = 16 }, async (i, _) =>
            Assert.Equal("assigned", (await shop.AssignOneAsync(id, $"limit-{run}-{i}", "s")).GetProperty("reason").GetString()));

        await StoredCustomers.WaitUntilStoredAsync(fixture.Azurite.ConnectionString, table, first, $"The first customer was not stored: {limit} records did not close the segment.");
    }
}
