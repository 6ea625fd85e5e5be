using System.Globalization;
using OfferLab.Testing;

namespace OfferLab.Server.Tests.Cluster;

/// <summary>
/// Two OfferLab servers forming one cluster (membership in a Redis of their own) on one Azurite table: each node its
/// own process, journal id and fixed silo ports (so a node restarted after a kill takes its old place at once).
/// </summary>
internal sealed class TwoNodes : IAsyncDisposable
{
    private readonly Azurite _azurite;
    private readonly Dictionary<string, string?> _shared;

    private TwoNodes(Azurite azurite, Dictionary<string, string?> shared, Redis redis, ServerProcess a, ServerProcess b) =>
        (_azurite, _shared, Redis, A, B) = (azurite, shared, redis, a, b);

    public Redis Redis { get; }

    public ServerProcess A { get; }

    public ServerProcess B { get; }

    public static async Task<TwoNodes> StartAsync(Azurite azurite, IDictionary<string, string?>? settings = null)
    {
        var redis = await Redis.StartAsync();
        var ports = LoopbackPorts.Unused(4);
        var shared = new Dictionary<string, string?>
        {
            ["OfferLab__Storage__TableName"] = "c" + Guid.NewGuid().ToString("N"),
            ["OfferLab__Storage__CustomerBuckets"] = "256",
            ["OfferLab__Silo__ClusterId"] = "cluster-" + Guid.NewGuid().ToString("N")[..8],
            ["OfferLab__Silo__Clustering"] = "redis",
            ["OfferLab__Silo__Redis"] = redis.Configuration,
        };
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
        {
            shared[key] = value;
        }

        ServerProcess? a = null;
        try
        {
            a = await ServerProcess.StartAsync(azurite, Node(shared, "node-a", ports[0], ports[1]));
            var b = await ServerProcess.StartAsync(azurite, Node(shared, "node-b", ports[2], ports[3]));
            return new TwoNodes(azurite, shared, redis, a, b);
        }
        catch
        {
            if (a is not null)
            {
                await a.DisposeAsync();
            }

            await redis.DisposeAsync();
            throw;
        }
    }

    /// <summary>Starts one more node of this cluster with <paramref name="journal"/> as its journal id (the caller disposes it).</summary>
    public async Task<ServerProcess> StartNodeAsync(string journal)
    {
        var ports = LoopbackPorts.Unused(2);
        return await ServerProcess.StartAsync(_azurite, Node(_shared, journal, ports[0], ports[1]));
    }

    private static Dictionary<string, string?> Node(Dictionary<string, string?> shared, string journal, int silo, int gateway) => new(shared)
    {
        ["OfferLab__Assignment__JournalId"] = journal,
        ["OfferLab__Silo__SiloPort"] = silo.ToString(CultureInfo.InvariantCulture),
        ["OfferLab__Silo__GatewayPort"] = gateway.ToString(CultureInfo.InvariantCulture),
    };

    public async ValueTask DisposeAsync()
    {
        await A.DisposeAsync();
        await B.DisposeAsync();
        await Redis.DisposeAsync();
    }
}
