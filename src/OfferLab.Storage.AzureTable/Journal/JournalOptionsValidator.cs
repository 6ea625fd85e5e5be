using Microsoft.Extensions.Options;

namespace OfferLab.Storage.AzureTable.Journal;

/// <summary>Checks <see cref="JournalOptions"/> and reports every problem at once.</summary>
internal sealed class JournalOptionsValidator : IValidateOptions<JournalOptions>
{
    public ValidateOptionsResult Validate(string? name, JournalOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var errors = Errors(options).Select(e => "Event journal: " + e).ToList();
        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }

    internal static IEnumerable<string> Errors(JournalOptions options)
    {
        if (string.IsNullOrWhiteSpace(options.ConnectionString))
        {
            yield return "ConnectionString is required.";
        }
        else if (!TableSettings.ConnectionStringParses(options.ConnectionString))
        {
            yield return "ConnectionString is not a valid Azure Storage connection string.";
        }

        if (!TableSettings.IsValidTableName(options.TableName))
        {
            yield return $"TableName '{options.TableName}' must be 3 to 63 letters or digits, starting with a letter.";
        }

        if (string.IsNullOrEmpty(options.JournalId) || options.JournalId.Length > JournalKeys.MaxJournalIdChars)
        {
            yield return $"JournalId must be 1 to {JournalKeys.MaxJournalIdChars} characters.";
        }

        if (options.MaxBatchSize is < 1 or > 100)
        {
            yield return $"MaxBatchSize is {options.MaxBatchSize}; Azure Table transactions hold 1 to 100 entities.";
        }

        if (options.MaxConcurrentBatches < 1)
        {
            yield return $"MaxConcurrentBatches is {options.MaxConcurrentBatches}; it must be at least 1.";
        }

        if (options.MaxBatchDelay < TimeSpan.Zero || options.MaxBatchDelay > TimeSpan.FromSeconds(1))
        {
            yield return $"MaxBatchDelay is {options.MaxBatchDelay}; it must be between zero and one second.";
        }

        if (options.SegmentMaxEntries < 1)
        {
            yield return $"SegmentMaxEntries is {options.SegmentMaxEntries}; it must be at least 1.";
        }

        if (options.SegmentMaxAge <= TimeSpan.Zero)
        {
            yield return $"SegmentMaxAge is {options.SegmentMaxAge}; it must be positive.";
        }
    }
}
