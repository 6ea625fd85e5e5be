using System.Net;
using System.Net.Sockets;
using OfferLab.Grains.Customers;
using OfferLab.Storage.AzureTable.Hosting;
using Orleans.Configuration;
using Orleans.Providers;

namespace OfferLab.Server.Hosting;

internal static class SiloRegistration
{
    /// <summary>The name OfferLab's grains give their storage (same as <c>OfferLab.Grains.GrainStorage.Name</c>).</summary>
    private const string OfferLabStorageName = "offerlab";

    /// <summary>The name customer grains give their storage (same as <c>OfferLab.Grains.GrainStorage.Customers</c>).</summary>
    private const string CustomerStorageName = "customers";

    /// <summary>Co-hosts an Orleans silo in this web application: one node (localhost clustering) or a node of a Redis-membership cluster.</summary>
    public static WebApplicationBuilder AddOfferLabSilo(this WebApplicationBuilder builder)
    {
        var options = builder.Configuration.ReadOfferLabOptions();
        var siloPort = options.Silo.SiloPort == 0 ? FreeTcpPort() : options.Silo.SiloPort;
        var gatewayPort = options.Silo.GatewayPort == 0 ? FreeTcpPort() : options.Silo.GatewayPort;

        builder.UseOrleans(silo =>
        {
            if (options.Silo.IsCluster)
            {
                // A cluster: membership in Redis, this node at its advertised address. The silo is named after its journal,
                // so the membership shows which node holds which journal (ClusterJournalGuard reads it).
                silo.UseRedisClustering(redis => redis.ConfigurationOptions = StackExchange.Redis.ConfigurationOptions.Parse(options.Silo.Redis));
                silo.Configure<ClusterOptions>(cluster => (cluster.ClusterId, cluster.ServiceId) = (options.Silo.ClusterId, options.Silo.ServiceId));
                silo.ConfigureEndpoints(IPAddress.Parse(options.Silo.AdvertisedAddress), siloPort, gatewayPort);
                silo.Configure<Orleans.Configuration.SiloOptions>(named => named.SiloName = options.Assignment.JournalId);

                // The strongly consistent grain directory: Orleans' default one is eventually consistent and lets two
                // activations of one grain live for a while when membership changes (a node dies or joins). Two activations of
                // a customer shard would each answer from a state lacking the other's records (a retried outcome recorded
                // twice) and race each other's writes; the crash test saw both.
                // It is marked experimental in Orleans 10 (ORLEANSEXP003); it is the directory Orleans is moving to.
#pragma warning disable ORLEANSEXP003
                silo.AddDistributedGrainDirectory();
#pragma warning restore ORLEANSEXP003
            }
            else
            {
                silo.UseLocalhostClustering(siloPort, gatewayPort, null, options.Silo.ServiceId, options.Silo.ClusterId);
            }

            // Idle customers leave memory after Assignment:CustomerIdleTimeout (their shard's collection age: the shard looks
            // twice per timeout, and a shard idle that long is collected with its customers).
            silo.Configure<GrainCollectionOptions>(collection =>
            {
                var idle = options.Assignment.CustomerIdleTimeout;
                collection.ClassSpecificCollectionAge[typeof(CustomerShardGrain).FullName!] = idle;
                collection.CollectionQuantum = idle / 2 < collection.CollectionQuantum ? idle / 2 : collection.CollectionQuantum;
            });
            // Grain state lives in Azure Table storage, both for grains that name "offerlab" and for the default.
            foreach (var name in new[] { ProviderConstants.DEFAULT_STORAGE_PROVIDER_NAME, OfferLabStorageName })
            {
                silo.AddAzureTableGrainStorage(name, table =>
                {
                    table.ConnectionString = options.Storage.ConnectionString;
                    table.TableName = options.Storage.TableName;
                });
            }

            // Customers are many and small: bucketed, so their checkpoints are batch transactions and new ones cost no read.
            silo.AddAzureTableGrainStorage(CustomerStorageName, table =>
            {
                table.ConnectionString = options.Storage.ConnectionString;
                table.TableName = options.Storage.TableName;
                table.Buckets = options.Storage.CustomerBuckets;
                table.PackRecords = options.Storage.PackCustomers;
                table.MaxConcurrentTransactions = options.Storage.CheckpointTransactions;
            });
        });
        if (options.Silo.IsCluster)
        {
            // After the silo (it needs the membership), before the journal is opened (it must not be, if another holds it).
            builder.Services.AddHostedService<ClusterJournalGuard>();
        }

        return builder;
    }

    private static int FreeTcpPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
