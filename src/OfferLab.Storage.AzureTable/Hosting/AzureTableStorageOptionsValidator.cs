using Microsoft.Extensions.Options;

namespace OfferLab.Storage.AzureTable.Hosting;

/// <summary>Checks <see cref="AzureTableStorageOptions"/> at start and reports every problem at once.</summary>
internal sealed class AzureTableStorageOptionsValidator : IValidateOptions<AzureTableStorageOptions>
{
    private const int MaxBuckets = 65536;

    public ValidateOptionsResult Validate(string? name, AzureTableStorageOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var errors = Errors(options).Select(e => $"Azure Table grain storage '{name}': {e}").ToList();
        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }

    internal static IEnumerable<string> Errors(AzureTableStorageOptions options)
    {
        var hasConnectionString = !string.IsNullOrWhiteSpace(options.ConnectionString);
        if (hasConnectionString == (options.ServiceUri is not null))
        {
            yield return "set exactly one of ConnectionString or ServiceUri.";
        }

        if (hasConnectionString && !TableSettings.ConnectionStringParses(options.ConnectionString!))
        {
            yield return "ConnectionString is not a valid Azure Storage connection string.";
        }

        if (options.ServiceUri is { } uri && !(uri.IsAbsoluteUri && uri.Scheme is "https" or "http"))
        {
            yield return $"ServiceUri '{uri}' must be an absolute http(s) URI.";
        }

        if (options.ServiceUri is not null && options.TokenCredential is null)
        {
            yield return "ServiceUri needs a TokenCredential.";
        }

        if (!TableSettings.IsValidTableName(options.TableName))
        {
            yield return $"TableName '{options.TableName}' must be 3 to 63 letters or digits, starting with a letter.";
        }

        if (options.Buckets is < 0 or > MaxBuckets)
        {
            yield return $"Buckets {options.Buckets} must be between 0 (one partition per grain) and {MaxBuckets}.";
        }

        if (options.PackRecords && options.Buckets == 0)
        {
            yield return "PackRecords needs Buckets greater than 0 (packs are kept per bucket).";
        }

        if (options.PackCacheBytes is < 0)
        {
            yield return $"PackCacheBytes {options.PackCacheBytes} must not be negative.";
        }

        if (options.MaxConcurrentTransactions is < 1 or > 256)
        {
            yield return $"MaxConcurrentTransactions {options.MaxConcurrentTransactions} must be between 1 and 256.";
        }

        if (options.JsonSerializerOptions is null)
        {
            yield return "JsonSerializerOptions must not be null.";
        }
    }
}
