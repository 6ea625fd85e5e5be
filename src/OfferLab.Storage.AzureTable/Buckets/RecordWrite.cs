using Azure;
using Azure.Data.Tables;

namespace OfferLab.Storage.AzureTable.Buckets;

/// <summary>
/// One conditional change to a bucket's record waiting for its batch: an insert (no ETag), a replace of the
/// version with <see cref="ETag"/>, or a delete of it. Completes with the new ETag (null after a delete).
/// </summary>
internal sealed class RecordWrite(TableEntity entity, string? etag, bool delete, long bytes)
{
    private readonly TaskCompletionSource<string?> _done = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public string Row => entity.RowKey;

    public long Bytes => bytes;

    public Task<string?> Done => _done.Task;

    public TableTransactionAction Action() =>
        delete ? new TableTransactionAction(TableTransactionActionType.Delete, entity, new ETag(etag!))
        : etag is null ? new TableTransactionAction(TableTransactionActionType.Add, entity)
        : new TableTransactionAction(TableTransactionActionType.UpdateReplace, entity, new ETag(etag));

    public void Succeed(Response response) => _done.TrySetResult(delete ? null : response.Headers.ETag?.ToString());

    public void Fail(Exception exception) => _done.TrySetException(exception);
}
