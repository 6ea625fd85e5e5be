using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.Logging.Abstractions;
using OfferLab.Storage.AzureTable.Journal;
using OfferLab.Server.Tests.Assignments;
using OfferLab.Server.Tests.Experiments;
using OfferLab.Testing;

namespace OfferLab.Server.Tests.Cluster;

/// <summary>
/// One node of a two-node cluster killed hard in the middle of a load that sends each request to either node and
/// retries an unanswered outcome at the other; the other node serves on, the killed one is started again: what the
/// clients were told holds: every acknowledged exposure and accept counted, none twice.
/// </summary>
[Collection(ServerCollection.Name)]
public sealed class NodeCrashTests(ServerFixture fixture)
{
    private const int Clients = 12;

    [Fact]
    public async Task A_node_killed_mid_load_loses_nothing_acknowledged_and_counts_nothing_twice()
    {
        // Short segments, so the load crosses checkpoints and the kill leaves some of the node's segments unflushed.
        await using var cluster = await TwoNodes.StartAsync(fixture.Azurite, new Dictionary<string, string?> { ["OfferLab__Assignment__CheckpointInterval"] = "00:00:01" });
        var id = ExperimentsApiTests.NewId();
        await new Storefront(cluster.A).DeclareAsync(Storefront.Yaml(id, weights: "{ control: 1, fries: 1 }", capPerDay: 1000));

        var ledger = new Ledger();
        var nodes = new[] { cluster.A, cluster.B };
        using var stop = new CancellationTokenSource();
        var clients = Enumerable.Range(0, Clients).Select(c => Task.Run(() => ClientAsync(nodes, id, c, ledger, stop.Token))).ToList();

        await WaitAsync(() => ledger.TotalExposures >= 300 && ledger.Accepted.Count >= 60);
        await cluster.A.KillAsync();
        var atKill = ledger.TotalExposures;

        // The other node serves on (customers whose shard was on the dead node answer 503 until the cluster moves them).
        await WaitAsync(() => ledger.TotalExposures >= atKill + 100);
        await cluster.A.RestartAsync();
        var atRestart = ledger.TotalExposures;
        await WaitAsync(() => ledger.TotalExposures >= atRestart + 100);
        await stop.CancelAsync();
        await Task.WhenAll(clients);

        foreach (var node in nodes)
        {
            var totals = await new Storefront(node).TotalsAsync(id, t => new[] { "control", "fries" }.All(v => t.ContainsKey(v)
                && t[v].GetProperty("exposures").GetInt64() >= ledger.Exposures(v) && t[v].GetProperty("accepts").GetInt64() >= ledger.Accepts(v)));
            foreach (var variant in new[] { "control", "fries" })
            {
                var counted = totals[variant];
                Assert.InRange(counted.GetProperty("exposures").GetInt64(), ledger.Exposures(variant), ledger.Exposures(variant) + ledger.UnansweredAssigns);
                Assert.InRange(counted.GetProperty("accepts").GetInt64(), ledger.Accepts(variant), ledger.Accepts(variant) + ledger.UnansweredOutcomes);
            }
        }

        // Every acknowledged outcome, retried at either node, is a duplicate now.
        var shops = nodes.Select(n => new Storefront(n)).ToArray();
        foreach (var (token, key, n) in ledger.Accepted.Values.Take(60).Select((a, n) => (a.Token, a.Key, n)))
        {
            var (status, retry) = await shops[n % 2].OutcomeAsync(new { token, kind = "accept", value = 1.0, idempotencyKey = key });
            Assert.Equal(HttpStatusCode.OK, status);
            Assert.True(retry.TryGetProperty("reason", out var reason) && reason.GetString() == "duplicate", $"outcome {key} retried at node {"AB"[n % 2]}: {retry}");
        }
    }

    [Fact]
    public async Task A_node_stopped_gracefully_checkpoints_its_journal_and_leaves_nothing_to_replay()
    {
        // Segments of the default 30 s: without the checkpoint at stop, all of this test's records would stay unflushed.
        var table = "c" + Guid.NewGuid().ToString("N");
        await using var cluster = await TwoNodes.StartAsync(fixture.Azurite, new Dictionary<string, string?> { ["OfferLab__Storage__TableName"] = table });
        var (a, b) = (new Storefront(cluster.A), new Storefront(cluster.B));
        var id = ExperimentsApiTests.NewId();
        await a.DeclareAsync(Storefront.Yaml(id, weights: "{ control: 1, fries: 1 }", capPerDay: 1000));
        var exposures = new Dictionary<string, long>();
        for (var i = 0; i < 60; i++)
        {
            var variant = (await (i % 2 == 0 ? a : b).AssignOneAsync(id, $"stop-c{i}", $"stop-s{i}")).GetProperty("variant").GetString()!;
            exposures[variant] = exposures.GetValueOrDefault(variant) + 1;
        }

        Assert.Equal(0, await cluster.A.StopAsync());

        // What node A journaled is checkpointed: its unflushed segments (the one opened as it closed the last) are empty.
        await using (var journal = new AzureTableEventJournal(
            new JournalOptions { ConnectionString = fixture.Azurite.ConnectionString, TableName = table + "Journal", JournalId = "node-a" },
            TimeProvider.System, NullLogger<AzureTableEventJournal>.Instance))
        {
            var left = 0;
            foreach (var segment in await journal.ListUnflushedSegmentsAsync())
            {
                await foreach (var record in journal.ReadAsync(segment))
                {
                    left++;
                }
            }

            Assert.Equal(0, left);
        }

        // And node B reports every exposure, node A's included.
        var totals = await b.TotalsAsync(id, t => exposures.All(e => t.TryGetValue(e.Key, out var arm) && arm.GetProperty("exposures").GetInt64() == e.Value));
        foreach (var (variant, count) in exposures)
        {
            Assert.Equal(count, totals[variant].GetProperty("exposures").GetInt64());
        }
    }

    private static async Task WaitAsync(Func<bool> condition)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(90);
        while (!condition())
        {
            Assert.True(DateTime.UtcNow < deadline, "the load did not make progress");
            await Task.Delay(50);
        }
    }

    private static async Task ClientAsync(ServerProcess[] nodes, string id, int client, Ledger ledger, CancellationToken stop)
    {
        for (var i = 0; !stop.IsCancellationRequested; i++)
        {
            // Each request goes to a node chosen afresh (a load balancer's round robin), from a pool of customers that
            // keep coming back, so customers' shards are on both nodes and some on the one killed.
            var (customer, session) = ($"node-c{client}-{i % 5}", $"node-s{client}-{i}");
            var node = nodes[(client + i) % 2];
            Interlocked.Increment(ref ledger.AssignsSent);
            JsonElement answer;
            try
            {
                using var http = node.CreateClient(TestKeys.Storefront);
                http.Timeout = TimeSpan.FromSeconds(10);
                using var response = await http.PostAsJsonAsync(new Uri("/v1/assign", UriKind.Relative), Storefront.Request(customer, session, id), stop);
                Assert.True(response.StatusCode is HttpStatusCode.OK or HttpStatusCode.ServiceUnavailable, $"{(int)response.StatusCode}: {await response.Content.ReadAsStringAsync(stop)}");
                if (response.StatusCode != HttpStatusCode.OK)
                {
                    continue; // not acknowledged
                }

                answer = JsonDocument.Parse(await response.Content.ReadAsStringAsync(stop)).RootElement.GetProperty("assignments")[0].Clone();
            }
            catch (Exception ex) when (ex is HttpRequestException or OperationCanceledException or IOException)
            {
                continue;
            }

            var variant = answer.GetProperty("variant").GetString()!;
            ledger.Exposed(variant);

            // The outcome goes to the other node; unanswered, it is retried at the first with the same key (a client's retry).
            var outcome = new { token = answer.GetProperty("token").GetString()!, kind = "accept", value = 1.0, idempotencyKey = $"order-{client}-{i}" };
            Interlocked.Increment(ref ledger.OutcomesSent);
            foreach (var target in new[] { nodes[(client + i + 1) % 2], node })
            {
                try
                {
                    using var http = target.CreateClient(TestKeys.Storefront);
                    http.Timeout = TimeSpan.FromSeconds(10);
                    using var response = await http.PostAsJsonAsync(new Uri("/v1/outcomes", UriKind.Relative), outcome, stop);
                    Assert.True(response.StatusCode is HttpStatusCode.OK or HttpStatusCode.ServiceUnavailable, $"{(int)response.StatusCode}: {await response.Content.ReadAsStringAsync(stop)}");
                    if (response.StatusCode == HttpStatusCode.OK)
                    {
                        var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync(stop)).RootElement;
                        if (body.GetProperty("recorded").GetBoolean() || body.GetProperty("reason").GetString() == "duplicate")
                        {
                            ledger.Accept(variant, customer, session, outcome.token, outcome.idempotencyKey);
                        }

                        break;
                    }
                }
                catch (Exception ex) when (ex is HttpRequestException or OperationCanceledException or IOException)
                {
                    // Unanswered: it may or may not have been recorded; retried at the other node.
                }
            }
        }
    }
}
