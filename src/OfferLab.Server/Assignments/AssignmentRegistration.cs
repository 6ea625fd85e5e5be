using Microsoft.Extensions.Options;
using OfferLab.Core.Tokens;
using OfferLab.Grains.Counting;
using OfferLab.Grains.Customers;
using OfferLab.Grains.Experiments;
using OfferLab.Grains;
using OfferLab.Server.Hosting;
using OfferLab.Storage.AzureTable;
using OfferLab.Storage.AzureTable.Journal;
using Orleans.Storage;

namespace OfferLab.Server.Assignments;

internal static class AssignmentRegistration
{
    /// <summary>
    /// The hot path's parts: token signing, the per-silo allocation cache, the journal (group commit) with its
    /// checkpointer, and the count aggregator. Registered after the silo so they start once grains can run.
    /// </summary>
    public static WebApplicationBuilder AddOfferLabAssignment(this WebApplicationBuilder builder)
    {
        var options = builder.Configuration.ReadOfferLabOptions();
        builder.Services.AddSingleton(_ => TokenCodec.FromBase64Key(options.Tokens.SigningKey));
        builder.Services.AddSingleton<AllocationCache>();
        builder.Services.AddSingleton<OutcomeAttribution>();
        builder.Services.AddEventJournal(journal =>
        {
            journal.ConnectionString = options.Storage.ConnectionString;
            journal.TableName = options.Storage.TableName + "Journal";
            journal.JournalId = options.Assignment.JournalId;
            journal.SegmentMaxAge = options.Assignment.CheckpointInterval;
            journal.SegmentMaxEntries = options.Assignment.CheckpointMaxRecords;
            journal.MaxConcurrentBatches = options.Storage.JournalTransactions;
            journal.MaxBatchDelay = options.Storage.JournalBatchDelay;
        });
        builder.Services.AddSingleton<AllocationChanges>();
        if (options.Silo.IsCluster)
        {
            // A change made on one node reaches the caches of every other node at once.
            builder.Services.AddHostedService<ClusterAllocationWatcher>();
        }

        builder.Services.AddSingleton<CountAggregator>();
        builder.Services.AddSingleton<OfferJournal>();
        // Shards follow the customer storage's buckets, so a checkpoint's writes per shard fill a bucket's transactions.
        builder.Services.AddSingleton(sp => new CustomerShards(
            sp.GetRequiredService<IGrainFactory>(),
            sp.GetRequiredKeyedService<IGrainStorage>(GrainStorage.Customers) is AzureTableGrainStorage table ? table.Buckets : 0));
        builder.Services.AddSingleton<JournalCheckpointer>();
        builder.Services.AddHostedService(sp => sp.GetRequiredService<JournalCheckpointer>());
        return builder;
    }
}
