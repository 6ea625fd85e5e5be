using Microsoft.Extensions.Logging;
using Orleans;
using Orleans.Runtime;

namespace OfferLab.Storage.AzureTable;

/// <summary>Creating the table: at silo start, and again on first use if storage was down then.</summary>
public sealed partial class AzureTableGrainStorage
{
    /// <summary>Creates the table when missing (once; a failed attempt is tried again on the next call).</summary>
    public Task EnsureTableAsync(CancellationToken cancellationToken)
    {
        lock (_tableGate)
        {
            if (_tableReady is null || _tableReady.IsFaulted || _tableReady.IsCanceled)
            {
                // Shared by every caller, so no single caller's token may cancel it.
                _tableReady = CreateTableAsync();
            }

            return _tableReady.WaitAsync(cancellationToken);
        }
    }

    public void Participate(ISiloLifecycle lifecycle)
    {
        ArgumentNullException.ThrowIfNull(lifecycle);
        // In ApplicationServices, before grains can activate. Storage that is down at start must not
        // stop the silo (it stays alive and reports not-ready); the table is then created on first use.
        lifecycle.Subscribe($"{nameof(AzureTableGrainStorage)}-{_name}", ServiceLifecycleStage.ApplicationServices, async cancellationToken =>
        {
            try
            {
                await EnsureTableAsync(cancellationToken).ConfigureAwait(false);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                LogTableUnavailable(e, _name, _options.TableName);
            }
        });
    }

    private async Task CreateTableAsync()
    {
        await _table.CreateIfNotExistsAsync().ConfigureAwait(false);
        LogTableReady(_name, _options.TableName);
    }

    private Task TableReady(CancellationToken cancellationToken) =>
        _tableReady is { IsCompletedSuccessfully: true } ? Task.CompletedTask : EnsureTableAsync(cancellationToken);

    [LoggerMessage(Level = LogLevel.Information, Message = "Azure Table grain storage '{Name}' is ready on table '{Table}'")]
    private partial void LogTableReady(string name, string table);

    [LoggerMessage(Level = LogLevel.Error, Message = "Azure Table grain storage '{Name}' could not create table '{Table}' at start; it will try again on first use")]
    private partial void LogTableUnavailable(Exception exception, string name, string table);
}
