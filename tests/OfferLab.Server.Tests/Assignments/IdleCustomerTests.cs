using OfferLab.Server.Tests.Experiments;
using OfferLab.Testing;

namespace OfferLab.Server.Tests.Assignments;

/// <summary>
/// <c>Assignment:CustomerIdleTimeout</c>: a customer without requests leaves memory, its state is written on the way
/// out, and its next request reads it back, still sticky.
/// </summary>
[Collection(ServerCollection.Name)]
public sealed class IdleCustomerTests(ServerFixture fixture)
{
    [Fact]
    public async Task An_idle_customer_is_released_with_its_state_written_and_stays_sticky_when_it_comes_back()
    {
        var table = "idle" + Guid.NewGuid().ToString("N")[..16];
        await using var server = await ServerProcess.StartAsync(fixture.Azurite, new Dictionary<string, string?>
        {
            ["OfferLab__Storage__TableName"] = table,
            ["OfferLab__Assignment__CustomerIdleTimeout"] = "00:00:03",
            // No checkpoint during the test: only the release can write the customer's state.
            ["OfferLab__Assignment__CheckpointInterval"] = "00:10:00",
        });
        var shop = new Storefront(server);
        var id = ExperimentsApiTests.NewId();
        await shop.DeclareAsync(Storefront.Yaml(id, weights: "{ control: 1, fries: 1 }", capPerDay: 1000));
        var customer = "idle-" + Guid.NewGuid().ToString("N")[..8];

        var first = await shop.AssignOneAsync(id, customer, "session-1");
        Assert.Equal("assigned", first.GetProperty("reason").GetString());
        Assert.Empty(await StoredCustomers.FindAsync(fixture.Azurite.ConnectionString, table, customer));

        await StoredCustomers.WaitUntilStoredAsync(fixture.Azurite.ConnectionString, table, customer, "The idle customer's state was never written: the grain was not released.");

        var again = await shop.AssignOneAsync(id, customer, "session-1");
        Assert.Equal(("sticky", first.GetProperty("variant").GetString()), (again.GetProperty("reason").GetString(), again.GetProperty("variant").GetString()));
        Assert.Equal(first.GetProperty("token").GetString(), again.GetProperty("token").GetString());
    }
}
