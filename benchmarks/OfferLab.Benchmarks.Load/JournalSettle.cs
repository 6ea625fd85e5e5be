using System.Diagnostics;
using Azure;
using Azure.Data.Tables;

namespace OfferLab.Benchmarks.Load;

/// <summary>
/// Waits for a phase's deferred storage work: a journal segment is checkpointed (the customers it touched written)
/// up to <c>Assignment:CheckpointInterval</c> after it opens, so without a wait that work lands in the next phase.
/// Reads the server's journal registry in Azurite: a segment is done once its registry row is gone (or marked
/// flushed). Empty segments stay open and hold nothing to write, so only segments with records are waited for.
/// </summary>
internal sealed class JournalSettle(string connectionString, string journalTable)
{
    private const string RegistryPrefix = "segments|";

    private readonly TableClient _table = new(connectionString, journalTable);

    /// <summary>Waits until every segment holding records now is checkpointed; gives the wait, or null after <paramref name="timeout"/>.</summary>
    public async Task<TimeSpan?> WaitAsync(TimeSpan timeout)
    {
        var clock = Stopwatch.StartNew();
        var pending = new HashSet<string>(StringComparer.Ordinal);
        foreach (var segment in await UnflushedAsync())
        {
            if (await HoldsRecordsAsync(segment))
            {
                pending.Add(segment.Segment);
            }
        }

        while (pending.Count > 0)
        {
            if (clock.Elapsed > timeout)
            {
                return null;
            }

            await Task.Delay(TimeSpan.FromMilliseconds(500));
            pending.IntersectWith((await UnflushedAsync()).Select(s => s.Segment));
        }

        return clock.Elapsed;
    }

    private async Task<List<(string Segment, string? Table)>> UnflushedAsync()
    {
        var segments = new List<(string, string?)>();
        var filter = TableClient.CreateQueryFilter($"PartitionKey ge {RegistryPrefix} and PartitionKey lt {"segments}"}");
        await foreach (var row in _table.QueryAsync<TableEntity>(filter, select: ["RowKey", "Flushed", "Table"]))
        {
            if (row.GetBoolean("Flushed") != true)
            {
                segments.Add((row.RowKey, row.GetString("Table")));
            }
        }

        return segments;
    }

    /// <summary>Whether a segment holds a record: in its own table, or (the earlier layout) in a partition of the journal's table.</summary>
    private async Task<bool> HoldsRecordsAsync((string Segment, string? Table) segment)
    {
        var table = segment.Table is { Length: > 0 } name ? new TableClient(connectionString, name) : _table;
        try
        {
            await foreach (var _ in table.QueryAsync<TableEntity>(TableClient.CreateQueryFilter($"PartitionKey eq {segment.Segment}"), maxPerPage: 1, select: ["RowKey"]))
            {
                return true;
            }
        }
        catch (RequestFailedException e) when (e.Status == 404)
        {
            // Registered, table not made yet (or already dropped).
        }

        return false;
    }
}
