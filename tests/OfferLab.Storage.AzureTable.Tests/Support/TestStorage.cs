using Microsoft.Extensions.Logging.Abstractions;
using OfferLab.Testing;
using Orleans.Runtime;

namespace OfferLab.Storage.AzureTable.Tests.Support;

/// <summary>Builds the real provider against the shared Azurite, on a table of the caller's own.</summary>
internal static class TestStorage
{
    public const string ServiceId = "offerlab-tests";

    /// <summary>A fresh table name, so no test class sees another's records.</summary>
    public static string UniqueTable(string prefix) => prefix + Guid.NewGuid().ToString("N")[..16];

    public static async Task<AzureTableGrainStorage> CreateAsync(
        string table, bool deleteStateOnClear = false, int buckets = 0, Azure.Data.Tables.TableClientOptions? clientOptions = null, string name = "test", int? maxConcurrentTransactions = null, bool packRecords = false)
    {
        var azurite = await Azurite.SharedAsync();
        var options = new AzureTableStorageOptions
        {
            ConnectionString = azurite.ConnectionString,
            TableName = table,
            DeleteStateOnClear = deleteStateOnClear,
            Buckets = buckets,
            PackRecords = packRecords,
            ClientOptions = clientOptions,
        };
        if (maxConcurrentTransactions is { } transactions)
        {
            options.MaxConcurrentTransactions = transactions;
        }

        var storage = new AzureTableGrainStorage(name, options, ServiceId, NullLogger<AzureTableGrainStorage>.Instance);
        await storage.EnsureTableAsync(CancellationToken.None);
        return storage;
    }

    public static GrainId NewGrain(string type = "test") => GrainId.Create(type, Guid.NewGuid().ToString("N"));
}
