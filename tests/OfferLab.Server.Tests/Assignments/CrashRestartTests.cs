using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using OfferLab.Server.Tests.Experiments;
using OfferLab.Testing;

namespace OfferLab.Server.Tests.Assignments;

/// <summary>
/// Kill the server hard in the middle of a load, start it again on the same storage, and compare the counts
/// with what clients were told: nothing acknowledged is lost, nothing is counted twice.
/// </summary>
[Collection(ServerCollection.Name)]
public sealed class CrashRestartTests(ServerFixture fixture)
{
    private const int Clients = 16;

    [Fact]
    public async Task What_was_acknowledged_survives_a_hard_kill_and_nothing_is_counted_twice()
    {
        // Short segments, so the load crosses checkpoints and the kill leaves some segments unflushed.
        await using var server = await ServerProcess.StartAsync(fixture.Azurite, new Dictionary<string, string?> { ["OfferLab__Assignment__CheckpointInterval"] = "00:00:01" });
        var shop = new Storefront(server);
        var id = ExperimentsApiTests.NewId();
        await shop.DeclareAsync(Storefront.Yaml(id, weights: "{ control: 1, fries: 1 }", capPerDay: 1000));

        var ledger = new Ledger();
        using var stop = new CancellationTokenSource();
        var enoughLoad = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var clients = Enumerable.Range(0, Clients).Select(c => Task.Run(() => ClientAsync(server, id, c, ledger, enoughLoad, stop.Token))).ToList();

        await enoughLoad.Task.WaitAsync(TimeSpan.FromSeconds(60)); // at least 300 acknowledged exposures, across several segments
        await server.KillAsync();
        await stop.CancelAsync();
        await Task.WhenAll(clients);

        await server.RestartAsync();
        var totals = await new Storefront(server).TotalsAsync(id);
        foreach (var variant in new[] { "control", "fries" })
        {
            var counted = totals[variant];
            Assert.InRange(counted.GetProperty("exposures").GetInt64(), ledger.Exposures(variant), ledger.Exposures(variant) + ledger.UnansweredAssigns);
            Assert.InRange(counted.GetProperty("accepts").GetInt64(), ledger.Accepts(variant), ledger.Accepts(variant) + ledger.UnansweredOutcomes);
        }

        // The de-duplication and stickiness the clients were promised survived too.
        var after = new Storefront(server);
        foreach (var (customer, session, variant, token, key) in ledger.Accepted.Values.Take(40))
        {
            var again = await after.AssignOneAsync(id, customer, session);
            Assert.Equal(("sticky", variant), (again.GetProperty("reason").GetString(), again.GetProperty("variant").GetString()));
            var (_, retry) = await after.OutcomeAsync(new { token, kind = "accept", value = 1.0, idempotencyKey = key });
            Assert.Equal("duplicate", retry.GetProperty("reason").GetString());
        }
    }

    private static async Task ClientAsync(ServerProcess server, string id, int client, Ledger ledger, TaskCompletionSource enoughLoad, CancellationToken stop)
    {
        using var http = server.CreateClient(TestKeys.Storefront);
        for (var i = 0; !stop.IsCancellationRequested; i++)
        {
            var (customer, session) = ($"crash-c{client}-{i % 7}", $"crash-s{client}-{i}");
            Interlocked.Increment(ref ledger.AssignsSent);
            JsonElement answer;
            try
            {
                using var response = await http.PostAsJsonAsync(new Uri("/v1/assign", UriKind.Relative), Storefront.Request(customer, session, id), stop);
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
            var token = answer.GetProperty("token").GetString()!;
            ledger.Exposed(variant);
            if (ledger.TotalExposures >= 300 && ledger.Accepted.Count >= 40)
            {
                enoughLoad.TrySetResult();
            }

            var key = $"order-{client}-{i}";
            Interlocked.Increment(ref ledger.OutcomesSent);
            try
            {
                using var response = await http.PostAsJsonAsync(new Uri("/v1/outcomes", UriKind.Relative), new { token, kind = "accept", value = 1.0, idempotencyKey = key }, stop);
                if (response.StatusCode == HttpStatusCode.OK
                    && JsonDocument.Parse(await response.Content.ReadAsStringAsync(stop)).RootElement.GetProperty("recorded").GetBoolean())
                {
                    ledger.Accept(variant, customer, session, token, key);
                }
            }
            catch (Exception ex) when (ex is HttpRequestException or OperationCanceledException or IOException)
            {
                // Unanswered: it may or may not have been recorded.
            }
        }
    }
}
