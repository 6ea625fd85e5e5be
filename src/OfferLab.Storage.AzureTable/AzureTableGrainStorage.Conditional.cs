using Azure;
using Azure.Data.Tables;
using Microsoft.Extensions.Logging;
using Orleans.Storage;

namespace OfferLab.Storage.AzureTable;

/// <summary>The conditional table operations and how their refusals map to the Orleans contract.</summary>
public sealed partial class AzureTableGrainStorage
{
    // Insert when the caller has seen no record, replace only the version the caller has seen.
    private async Task<string?> Put(TableEntity entity, string? etag, CancellationToken cancellationToken)
    {
        if (_buckets is not null)
        {
            return await _buckets.PutAsync(entity, etag, cancellationToken).ConfigureAwait(false);
        }

        var response = etag is null
            ? await _table.AddEntityAsync(entity, cancellationToken).ConfigureAwait(false)
            : await _table.UpdateEntityAsync(entity, new ETag(etag), TableUpdateMode.Replace, cancellationToken).ConfigureAwait(false);
        return response.Headers.ETag?.ToString();
    }

    private async Task<string?> Delete(RecordKey key, string? etag, CancellationToken cancellationToken)
    {
        if (etag is null)
        {
            // The caller believes there is no record: that holds (and clearing is a no-op) only if none exists.
            var found = await _table.GetEntityIfExistsAsync<TableEntity>(key.Partition, key.Row, ["PartitionKey"], cancellationToken).ConfigureAwait(false);
            return found.HasValue ? throw new RequestFailedException(409, "A record exists but the caller holds no ETag.") : null;
        }

        if (_buckets is not null)
        {
            // In a transaction a delete of a missing entity fails with 404, which is the conflict it is.
            await _buckets.DeleteAsync(key.Partition, key.Row, etag, cancellationToken).ConfigureAwait(false);
            return null;
        }

        // The SDK reports a delete of a missing entity as success; for a caller holding an ETag that
        // means someone else removed the record, so it is a conflict like any other.
        var response = await _table.DeleteEntityAsync(key.Partition, key.Row, new ETag(etag), cancellationToken).ConfigureAwait(false);
        return response.Status == 404 ? throw new RequestFailedException(404, "The record was already deleted.") : null;
    }

    private async Task<string?> Conditionally(Func<Task<string?>> operation, string verb, RecordKey key, string stateName, string? etag)
    {
        try
        {
            return await operation().ConfigureAwait(false);
        }
        catch (RequestFailedException e) when (IsConflict(e))
        {
            throw Conflict(e, verb, key, stateName, etag);
        }
    }

    private static bool IsConflict(RequestFailedException e) => e.Status is 404 or 409 or 412;

    // A conditional operation refused: the stored record is not the version the caller holds.
    private InconsistentStateException Conflict(RequestFailedException e, string verb, RecordKey key, string stateName, string? etag)
    {
        LogConflict(verb, stateName, key.GrainId, etag, e.Status);
        return new InconsistentStateException(
            $"Azure Table grain storage '{_name}': {verb} of state '{stateName}' of grain {key.GrainId} refused (HTTP {e.Status}): the stored record is not the version with ETag '{etag ?? "(none)"}'.",
            "unknown",
            etag ?? "(none)",
            e);
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Conflicting {Verb} of state '{StateName}' of grain {GrainId} with ETag {ETag}: HTTP {Status}")]
    private partial void LogConflict(string verb, string stateName, string grainId, string? etag, int status);
}
