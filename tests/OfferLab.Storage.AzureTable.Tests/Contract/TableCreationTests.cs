using Microsoft.Extensions.Logging.Abstractions;
using OfferLab.Storage.AzureTable.Tests.Support;
using OfferLab.Testing;

namespace OfferLab.Storage.AzureTable.Tests.Contract;

public sealed class TableCreationTests
{
    [Fact]
    public async Task A_provider_whose_table_was_never_created_creates_it_on_first_use()
    {
        var azurite = await Azurite.SharedAsync();
        var storage = new AzureTableGrainStorage(
            "lazy",
            new AzureTableStorageOptions { ConnectionString = azurite.ConnectionString, TableName = TestStorage.UniqueTable("lazy") },
            TestStorage.ServiceId,
            NullLogger<AzureTableGrainStorage>.Instance);
        var grain = TestStorage.NewGrain();

        await storage.WriteStateAsync("s", grain, new TestGrainState<Basket>(new Basket { Version = 4 }));
        var read = new TestGrainState<Basket>();
        await storage.ReadStateAsync("s", grain, read);

        Assert.Equal(4, read.State.Version);
    }
}
