using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using OfferLab.Storage.AzureTable.Journal;
using OfferLab.Testing;

namespace OfferLab.Storage.AzureTable.Tests.Journal;

/// <summary>Opens real journals against the shared Azurite; each test class passes a table of its own.</summary>
internal static class TestJournals
{
    public static readonly DateTimeOffset Start = new(2025, 3, 1, 12, 0, 0, TimeSpan.Zero);

    public static string UniqueTable(string prefix) => prefix + Guid.NewGuid().ToString("N")[..16];

    public static async Task<JournalOptions> OptionsAsync(string table, Action<JournalOptions>? configure = null)
    {
        var azurite = await Azurite.SharedAsync();
        var options = new JournalOptions { ConnectionString = azurite.ConnectionString, TableName = table, JournalId = "silo-a" };
        configure?.Invoke(options);
        return options;
    }

    /// <summary>An opened journal on a fake clock (so no age rotation happens unless a test advances it).</summary>
    public static async Task<AzureTableEventJournal> OpenAsync(string table, FakeTimeProvider? time = null, Action<JournalOptions>? configure = null)
    {
        var journal = new AzureTableEventJournal(await OptionsAsync(table, configure), time ?? new FakeTimeProvider(Start), NullLogger<AzureTableEventJournal>.Instance);
        await journal.InitializeAsync(CancellationToken.None);
        return journal;
    }

    public static JournalEntry Entry(int i) => new($"customer-{i}", $$"""{"kind":"exposure","n":{{i}}}""");

    public static async Task<List<JournalRecord>> ReadAllAsync(this IEventJournal journal, string segment)
    {
        var records = new List<JournalRecord>();
        await foreach (var record in journal.ReadAsync(segment))
        {
            records.Add(record);
        }

        return records;
    }

    /// <summary>
    /// Holds the journal's next transaction in flight: <c>Held</c> completes once it is about to be sent, and it is sent
    /// when <c>Release</c> is set. Later transactions go through untouched.
    /// </summary>
    public static (Task Held, TaskCompletionSource Release) HoldNextTransaction(AzureTableEventJournal journal)
    {
        var held = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var holding = 1;
        journal.BeforeTransaction = async (_, _) =>
        {
            if (Interlocked.Exchange(ref holding, 0) == 1)
            {
                held.TrySetResult();
                await release.Task;
            }
        };

        return (held.Task, release);
    }
}
