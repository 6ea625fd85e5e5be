using Azure.Data.Tables;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using OfferLab.Storage.AzureTable.Journal;
using OfferLab.Testing;

namespace OfferLab.Storage.AzureTable.Tests.Journal;

public sealed class FailureTests
{
    /// <summary>
    /// No retries, so a failure reaches the journal at once. Storage that is down refuses connections at once too, so
    /// the timeout only bounds a hang; it is generous because the test's own set-up talks to a freshly started Azurite
    /// while other test assemblies load the machine (a clean run's first table creation once took over 2 s).
    /// </summary>
    private static TableClientOptions Impatient()
    {
        var options = new TableClientOptions();
        options.Retry.MaxRetries = 0;
        options.Retry.NetworkTimeout = TimeSpan.FromSeconds(15);
        return options;
    }

    [Fact]
    public async Task Appends_to_a_journal_whose_storage_is_unreachable_fail_instead_of_completing()
    {
        var journal = new AzureTableEventJournal(
            new JournalOptions
            {
                ConnectionString = "DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;" +
                    $"AccountKey={Azurite.AccountKey};TableEndpoint=http://127.0.0.1:{DeadPort()}/devstoreaccount1;",
                ClientOptions = Impatient(),
            },
            new FakeTimeProvider(TestJournals.Start),
            NullLogger<AzureTableEventJournal>.Instance);
        await using var _ = journal;

        var first = await Assert.ThrowsAsync<JournalUnavailableException>(() => journal.AppendAsync(TestJournals.Entry(1)));
        await Assert.ThrowsAsync<JournalUnavailableException>(() => journal.AppendAsync(TestJournals.Entry(2)));

        Assert.NotNull(first.InnerException);
        Assert.False(journal.IsReady);
    }

    [Fact]
    public async Task Appends_fail_once_storage_goes_down_and_nothing_unstored_is_acknowledged()
    {
        var azurite = await Azurite.StartAsync();
        var options = new JournalOptions
        {
            ConnectionString = azurite.ConnectionString,
            TableName = TestJournals.UniqueTable("journaldown"),
            ClientOptions = Impatient(),
        };
        await using var journal = new AzureTableEventJournal(options, new FakeTimeProvider(TestJournals.Start), NullLogger<AzureTableEventJournal>.Instance);
        await journal.InitializeAsync(CancellationToken.None);
        await journal.AppendAsync(TestJournals.Entry(0));

        await azurite.DisposeAsync();
        var appends = Enumerable.Range(1, 50).Select(i => journal.AppendAsync(TestJournals.Entry(i))).ToArray();
        var outcomes = await Task.WhenAll(appends.Select(async a =>
        {
            try
            {
                await a;
                return "stored";
            }
            catch (JournalUnavailableException)
            {
                return "failed";
            }
        }));

        Assert.All(outcomes, o => Assert.Equal("failed", o));
        Assert.Equal(1, journal.Statistics.Entries);
        Assert.True(journal.Statistics.FailedTransactions >= 1);
    }

    // Nothing listens there, so connections are refused at once.
    private static int DeadPort() => LoopbackPorts.Unused()[0];
}
