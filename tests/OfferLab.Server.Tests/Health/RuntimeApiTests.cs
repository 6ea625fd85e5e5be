using System.Net;
using System.Text.Json;
using OfferLab.Server.Tests.Assignments;
using OfferLab.Server.Tests.Experiments;
using OfferLab.Testing;

namespace OfferLab.Server.Tests.Health;

/// <summary><c>GET /v1/admin/runtime</c>: the server's managed heap, for admins only.</summary>
[Collection(ServerCollection.Name)]
public sealed class RuntimeApiTests(ServerFixture fixture)
{
    [Fact]
    public async Task Admins_read_the_servers_managed_heap_and_collections()
    {
        using var client = fixture.Server.CreateClient(TestKeys.Admin);
        using var response = await client.GetAsync(new Uri("/v1/admin/runtime", UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        var root = body.RootElement;

        Assert.Contains(root.GetProperty("gc").GetString(), new[] { "workstation", "server" });
        var heap = root.GetProperty("heapAfterLastCollectionBytes").GetInt64();
        var committed = root.GetProperty("committedBytes").GetInt64();
        Assert.InRange(heap, 1L << 20, committed);
        Assert.InRange(root.GetProperty("workingSetBytes").GetInt64(), 1L << 20, long.MaxValue);
        Assert.InRange(root.GetProperty("allocatedSinceStartBytes").GetInt64(), heap, long.MaxValue);
        var collections = root.GetProperty("collections").EnumerateArray().Select(c => c.GetInt32()).ToList();
        Assert.Equal(3, collections.Count);
        Assert.True(collections[0] >= collections[1] && collections[1] >= collections[2], string.Join(", ", collections));
        Assert.InRange(root.GetProperty("keepAliveCollections").GetInt64(), 0, collections[2]);
        if (root.GetProperty("heapAfterFullCollectionBytes").ValueKind != JsonValueKind.Null)
        {
            Assert.InRange(root.GetProperty("fullCollectionIndex").GetInt64(), 1, long.MaxValue);
            Assert.InRange(root.GetProperty("liveAfterFullCollectionBytes").GetInt64(), 1L << 20, root.GetProperty("heapAfterFullCollectionBytes").GetInt64());
        }
    }

    [Fact]
    public async Task The_journal_latency_counts_grow_by_the_appends_and_transactions_made_between_two_readings()
    {
        using var client = fixture.Server.CreateClient(TestKeys.Admin);
        var shop = new Storefront(fixture.Server);
        var id = ExperimentsApiTests.NewId();
        await shop.DeclareAsync(Storefront.Yaml(id));

        // Other tests share the server: each reading counts at least what this test did between them.
        var before = await ReadJournalAsync(client);
        for (var i = 0; i < 5; i++)
        {
            Assert.Equal("assigned", (await shop.AssignOneAsync(id, $"latency-{id}-{i}", "s")).GetProperty("reason").GetString());
        }

        var after = await ReadJournalAsync(client);

        Assert.Equal(8, after.GetProperty("bucketsPerDoubling").GetInt32());
        var (appends0, appends1) = (Counts(before, "appendLatency"), Counts(after, "appendLatency"));
        var (transactions0, transactions1) = (Counts(before, "transactionLatency"), Counts(after, "transactionLatency"));
        Assert.Equal(216, appends1.Length);
        Assert.Equal(216, transactions1.Length);
        Assert.All(appends1.Zip(appends0), pair => Assert.True(pair.First >= pair.Second));
        Assert.InRange(appends1.Sum() - appends0.Sum(), 5, long.MaxValue);
        Assert.InRange(transactions1.Sum() - transactions0.Sum(), 1, long.MaxValue);
        // An append's latency is counted after its entry (the reading takes the latencies first).
        Assert.InRange(appends1.Sum(), 5, after.GetProperty("entries").GetInt64());
    }

    private static async Task<JsonElement> ReadJournalAsync(HttpClient client)
    {
        using var response = await client.GetAsync(new Uri("/v1/admin/runtime", UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("journal").Clone();
    }

    private static long[] Counts(JsonElement journal, string name) =>
        [.. journal.GetProperty(name).EnumerateArray().Select(c => c.GetInt64())];

    [Theory]
    [InlineData(null, HttpStatusCode.Unauthorized)]
    [InlineData(TestKeys.Storefront, HttpStatusCode.Forbidden)]
    [InlineData(TestKeys.Analyst, HttpStatusCode.Forbidden)]
    [InlineData(TestKeys.Editor, HttpStatusCode.Forbidden)]
    public async Task Other_roles_and_callers_without_a_key_are_refused(string? key, HttpStatusCode expected)
    {
        using var client = fixture.Server.CreateClient(key);
        using var response = await client.GetAsync(new Uri("/v1/admin/runtime", UriKind.Relative));
        Assert.Equal(expected, response.StatusCode);
    }
}
