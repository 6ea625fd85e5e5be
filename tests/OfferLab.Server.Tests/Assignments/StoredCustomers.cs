using Azure.Data.Tables;

namespace OfferLab.Server.Tests.Assignments;

/// <summary>Reads what the server stored of a customer in its grain state table, as storage holds it.</summary>
internal static class StoredCustomers
{
    /// <summary>The stored records of <paramref name="customer"/> (an id that needs no escaping) in <paramref name="table"/>.</summary>
    public static async Task<List<TableEntity>> FindAsync(string connectionString, string table, string customer)
    {
        var client = new TableClient(connectionString, table);
        var found = new List<TableEntity>();
        await foreach (var entity in client.QueryAsync<TableEntity>(select: ["GrainId"]))
        {
            // Keys are stored escaped ("customer%2Fidle-…"); the id is unique and needs no escaping.
            if (entity.GetString("GrainId")?.EndsWith(customer, StringComparison.Ordinal) == true)
            {
                found.Add(entity);
            }
        }

        return found;
    }

    /// <summary>Polls until <paramref name="customer"/> has a stored record; fails with <paramref name="failure"/> after a minute.</summary>
    public static async Task WaitUntilStoredAsync(string connectionString, string table, string customer, string failure)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(60);
        while ((await FindAsync(connectionString, table, customer)).Count == 0)
        {
            Assert.True(DateTime.UtcNow < deadline, failure);
            await Task.Delay(250);
        }
    }
}
