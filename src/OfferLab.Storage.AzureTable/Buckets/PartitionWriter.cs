using Azure;
using Azure.Data.Tables;

namespace OfferLab.Storage.AzureTable.Buckets;

/// <summary>
/// Group commit for one bucket: writes queue up while a transaction is in flight and go together in the next one
/// (up to 100 records and 4 MiB, Azure's limits), so a checkpoint of many grains costs one round trip per hundred.
/// Every write keeps its own condition: a refused one fails alone with the service's status (its caller maps it to
/// <c>InconsistentStateException</c>) and the rest of its batch is sent again; any other failure fails the whole
/// batch, and nothing of it is acknowledged. All buckets share <paramref name="transactions"/>, a bound on
/// transactions in flight: a burst of writes (a checkpoint) then waits in ever fuller batches instead of flooding the
/// storage with small ones, and other users of the table (the journal) keep their share of it.
/// </summary>
internal sealed class PartitionWriter(TableClient table, SemaphoreSlim transactions, string provider)
{
    public const int MaxRecords = 100;

    // 4 MiB per transaction, less room for the multipart framing of 100 operations.
    private const long MaxBytes = (4L * 1024 * 1024) - (100L * 1024);

    private readonly Lock _gate = new();
    private readonly List<RecordWrite> _queue = [];
    private bool _draining;

    public Task<string?> WriteAsync(RecordWrite write)
    {
        lock (_gate)
        {
            _queue.Add(write);
            if (!_draining)
            {
                _draining = true;
                _ = Task.Run(DrainAsync);
            }
        }

        return write.Done;
    }

    private async Task DrainAsync()
    {
        while (true)
        {
            // Waiting for a slot before cutting the batch is what lets it fill.
            await transactions.WaitAsync().ConfigureAwait(false);
            try
            {
                List<RecordWrite> batch;
                lock (_gate)
                {
                    batch = Cut();
                    if (batch.Count == 0)
                    {
                        _draining = false;
                        return;
                    }
                }

                await SubmitAsync(batch).ConfigureAwait(false);
            }
            finally
            {
                transactions.Release();
            }
        }
    }

    // In arrival order; a second write of a record already in the batch waits for the next one (a transaction may
    // touch each entity once, and the second write's condition depends on the first's outcome).
    private List<RecordWrite> Cut()
    {
        var batch = new List<RecordWrite>(Math.Min(_queue.Count, MaxRecords));
        var rows = new HashSet<string>(StringComparer.Ordinal);
        long bytes = 0;
        for (var i = 0; i < _queue.Count && batch.Count < MaxRecords; i++)
        {
            var write = _queue[i];
            if ((batch.Count > 0 && bytes + write.Bytes > MaxBytes) || !rows.Add(write.Row))
            {
                continue;
            }

            batch.Add(write);
            bytes += write.Bytes;
            _queue.RemoveAt(i--);
        }

        return batch;
    }

    private async Task SubmitAsync(List<RecordWrite> batch)
    {
        while (batch.Count > 0)
        {
            try
            {
                BucketMetrics.Sent(provider, batch.Count);
                var responses = await table.SubmitTransactionAsync(batch.Select(w => w.Action())).ConfigureAwait(false);
                for (var i = 0; i < batch.Count; i++)
                {
                    batch[i].Succeed(responses.Value[i]);
                }

                return;
            }
            catch (TableTransactionFailedException e) when (e.FailedTransactionActionIndex is int failed && failed >= 0 && failed < batch.Count)
            {
                // Only that write's condition failed; the transaction changed nothing, so the others go again.
                batch[failed].Fail(new RequestFailedException(e.Status, e.Message, e.ErrorCode, e));
                batch.RemoveAt(failed);
            }
            catch (Exception e) when (e is not OutOfMemoryException)
            {
                foreach (var write in batch)
                {
                    write.Fail(e);
                }

                return;
            }
        }
    }
}
