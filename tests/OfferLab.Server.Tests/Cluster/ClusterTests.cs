using System.Net;
using OfferLab.Server.Tests.Assignments;
using OfferLab.Server.Tests.Experiments;

namespace OfferLab.Server.Tests.Cluster;

/// <summary>
/// OfferLab as a cluster of two nodes: a storefront may reach either for any request (SPEC: an idempotency key counts
/// once "whatever the retries and whichever silo"), and a change made at one node holds at the other at once.
/// </summary>
[Collection(ServerCollection.Name)]
public sealed class ClusterTests(ServerFixture fixture)
{
    [Fact]
    public async Task A_customer_keeps_its_variant_and_an_outcome_counts_once_whichever_node_each_request_reaches()
    {
        await using var cluster = await TwoNodes.StartAsync(fixture.Azurite);
        var (a, b) = (new Storefront(cluster.A), new Storefront(cluster.B));
        var id = ExperimentsApiTests.NewId();
        await a.DeclareAsync(Storefront.Yaml(id, weights: "{ control: 1, fries: 1 }", capPerDay: 1000));

        var exposures = new Dictionary<string, long>();
        var accepts = 0L;
        for (var i = 0; i < 40; i++)
        {
            var (first, second) = i % 2 == 0 ? (a, b) : (b, a);
            var (customer, session) = ($"cl-c{i}", $"cl-s{i}");
            var assigned = await first.AssignOneAsync(id, customer, session);
            Assert.Equal("assigned", assigned.GetProperty("reason").GetString());
            var variant = assigned.GetProperty("variant").GetString()!;
            exposures[variant] = exposures.GetValueOrDefault(variant) + 1;

            // The same session at the other node: the same variant, not a second exposure.
            var again = await second.AssignOneAsync(id, customer, session);
            Assert.Equal(("sticky", variant), (again.GetProperty("reason").GetString(), again.GetProperty("variant").GetString()));

            if (variant == "fries")
            {
                // Reported at the other node, then retried at both: counted once.
                var outcome = new { token = assigned.GetProperty("token").GetString(), kind = "accept", value = 2.49, idempotencyKey = $"order-{i}" };
                var (status, recorded) = await second.OutcomeAsync(outcome);
                Assert.Equal(HttpStatusCode.OK, status);
                Assert.True(recorded.GetProperty("recorded").GetBoolean(), recorded.ToString());
                foreach (var retry in new[] { first, second })
                {
                    var (_, duplicate) = await retry.OutcomeAsync(outcome);
                    Assert.Equal("duplicate", duplicate.GetProperty("reason").GetString());
                }

                accepts++;
            }
        }

        Assert.True(exposures.Count == 2, "both arms should have been served");
        foreach (var node in new[] { a, b })
        {
            var totals = await node.TotalsAsync(id, t => exposures.All(e => t.TryGetValue(e.Key, out var arm) && arm.GetProperty("exposures").GetInt64() == e.Value)
                && t["fries"].GetProperty("accepts").GetInt64() == accepts);
            foreach (var (variant, count) in exposures)
            {
                Assert.Equal(count, totals[variant].GetProperty("exposures").GetInt64());
            }

            Assert.Equal(accepts, totals["fries"].GetProperty("accepts").GetInt64());
            Assert.Equal(0, totals["control"].GetProperty("accepts").GetInt64());
        }
    }

    [Fact]
    public async Task A_pause_stops_both_nodes_assigning_at_once_wherever_the_experiment_grain_lives()
    {
        // Caches refreshed only once a minute: a node that does not host the experiment grain can learn of the pause in
        // time only by being told. The grain lives on one of the two, so one of them must be told.
        await using var cluster = await TwoNodes.StartAsync(fixture.Azurite, new Dictionary<string, string?> { ["OfferLab__Assignment__CacheRefresh"] = "00:01:00" });
        var nodes = new[] { new Storefront(cluster.A), new Storefront(cluster.B) };
        var id = ExperimentsApiTests.NewId();
        await nodes[0].DeclareAsync(Storefront.Yaml(id));
        foreach (var (node, n) in nodes.Select((node, n) => (node, n)))
        {
            Assert.Equal("assigned", (await node.AssignOneAsync(id, $"p-first{n}", $"p-first{n}")).GetProperty("reason").GetString());
        }

        await nodes[1].PauseAsync(id);

        // The notice travels one way after the pause is stored: allow it two seconds, far less than the cache's minute.
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(2);
        var session = 0;
        foreach (var node in nodes)
        {
            string? reason;
            do
            {
                session++;
                reason = (await node.AssignOneAsync(id, $"p-c{session}", $"p-s{session}")).GetProperty("reason").GetString();
            }
            while (reason != "paused" && DateTime.UtcNow < deadline);

            Assert.Equal("paused", reason);
        }
    }

    [Fact]
    public async Task Customers_stay_sticky_while_their_shards_go_idle_and_come_back_on_either_node()
    {
        // Customers released after 2 s idle (their state written on the way out), no checkpoint meanwhile: each round's
        // requests find their shards activated afresh on either node, reading what the other node may have written.
        await using var cluster = await TwoNodes.StartAsync(fixture.Azurite, new Dictionary<string, string?>
        {
            ["OfferLab__Assignment__CustomerIdleTimeout"] = "00:00:02",
            ["OfferLab__Assignment__CheckpointInterval"] = "00:10:00",
        });
        var nodes = new[] { new Storefront(cluster.A), new Storefront(cluster.B) };
        var id = ExperimentsApiTests.NewId();
        await nodes[0].DeclareAsync(Storefront.Yaml(id, weights: "{ control: 1, fries: 1 }", capPerDay: 1000));
        var random = new Random(20261202);
        var sessions = new Dictionary<(string Customer, string Session), string>();
        for (var round = 0; round < 4; round++)
        {
            if (round > 0)
            {
                await Task.Delay(TimeSpan.FromSeconds(6));
            }

            foreach (var ((customer, session), variant) in sessions)
            {
                var again = await nodes[random.Next(2)].AssignOneAsync(id, customer, session);
                Assert.True(again.GetProperty("reason").GetString() == "sticky" && again.GetProperty("variant").GetString() == variant,
                    $"round {round}: {customer}/{session} was {variant}, now {again}");
            }

            for (var c = 0; c < 30; c++)
            {
                var (customer, session) = ($"idle-c{c}", $"idle-s{c}-{round}");
                var assigned = await nodes[random.Next(2)].AssignOneAsync(id, customer, session);
                Assert.Equal("assigned", assigned.GetProperty("reason").GetString());
                sessions[(customer, session)] = assigned.GetProperty("variant").GetString()!;
            }
        }
    }

    [Fact]
    public async Task A_node_started_with_the_journal_id_of_a_live_node_is_refused()
    {
        await using var cluster = await TwoNodes.StartAsync(fixture.Azurite);
        var error = await Assert.ThrowsAsync<InvalidOperationException>(async () =>
        {
            // Disposed if it did start, so a failing test leaves no third node behind.
            await using var third = await cluster.StartNodeAsync("node-a");
        });
        Assert.Contains("OfferLab:Assignment:JournalId 'node-a' is held by the live node", error.Message, StringComparison.Ordinal);

        // The two nodes serve on.
        Assert.Equal("Healthy", await cluster.A.CreateClient().GetStringAsync(new Uri("/health/ready", UriKind.Relative)));
    }
}
