using System.Text;
using Azure.Data.Tables;

namespace OfferLab.Server.Tests.Assignments;

/// <summary>Reads what the server stored of a customer in its grain state table, as storage holds it.</summary>
internal static class StoredCustomers
{
    /// <summary>
    /// Where <paramref name="customer"/> (an id that needs no escaping) has a stored record in <paramref name="table"/>:
    /// an entity of its own (one-entity layout) or a pack whose directory names it (packed layout, the default).
    /// </summary>
    public static async Task<List<string>> FindAsync(string connectionString, string table, string customer)
    {
        var client = new TableClient(connectionString, table);
        var id = Encoding.UTF8.GetBytes(customer);
        var found = new List<string>();
        await foreach (var entity in client.QueryAsync<TableEntity>())
        {
            // Keys are stored escaped ("customer%2Fidle-…"); the id is unique and needs no escaping.
            var own = entity.GetString("GrainId")?.EndsWith(customer, StringComparison.Ordinal) == true;

            // A pack's directory (binary properties I0, I1, …) holds its records' row keys in UTF-8.
            var packed = entity.RowKey.StartsWith("|pack|", StringComparison.Ordinal)
                && entity.Keys.Where(k => k.Length > 1 && k[0] == 'I' && char.IsAsciiDigit(k[1])).Any(k => entity.GetBinary(k).AsSpan().IndexOf(id) >= 0);
            if (own || packed)
            {
                found.Add($"{entity.PartitionKey}/{entity.RowKey}");
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
