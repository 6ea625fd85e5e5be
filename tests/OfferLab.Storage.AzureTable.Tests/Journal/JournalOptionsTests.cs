using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using OfferLab.Storage.AzureTable.Journal;

namespace OfferLab.Storage.AzureTable.Tests.Journal;

public sealed class JournalOptionsTests
{
    [Fact]
    public void Every_problem_is_reported_at_once()
    {
        var errors = JournalOptionsValidator.Errors(new JournalOptions
        {
            ConnectionString = "not a connection string",
            TableName = "1-bad",
            JournalId = "",
            MaxBatchSize = 101,
            MaxConcurrentBatches = 0,
            MaxBatchDelay = TimeSpan.FromSeconds(-1),
            SegmentMaxEntries = 0,
            SegmentMaxAge = TimeSpan.Zero,
        }).ToList();

        Assert.Equal(8, errors.Count);
        Assert.Contains(errors, e => e.Contains("not a valid Azure Storage connection string", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.Contains("TableName '1-bad'", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.StartsWith("MaxBatchSize is 101", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.StartsWith("SegmentMaxAge", StringComparison.Ordinal));
    }

    [Fact]
    public void Defaults_with_a_connection_string_are_valid_and_without_one_are_not()
    {
        Assert.Empty(JournalOptionsValidator.Errors(new JournalOptions { ConnectionString = "UseDevelopmentStorage=true" }));
        Assert.Equal(["ConnectionString is required."], JournalOptionsValidator.Errors(new JournalOptions()));
    }

    [Fact]
    public async Task A_host_with_bad_journal_options_fails_to_start_listing_the_problems()
    {
        var builder = Host.CreateApplicationBuilder();
        builder.Services.AddEventJournal(o => (o.TableName, o.MaxBatchSize) = ("x", 0));
        using var host = builder.Build();

        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => host.StartAsync());

        Assert.Equal(3, error.Failures.Count());
    }

    [Fact]
    public async Task A_registered_journal_is_opened_by_the_host_and_appends_go_to_its_current_segment()
    {
        var options = await TestJournals.OptionsAsync(TestJournals.UniqueTable("journalhost"));
        var builder = Host.CreateApplicationBuilder();
        builder.Services.AddEventJournal(o => (o.ConnectionString, o.TableName) = (options.ConnectionString, options.TableName));
        using var host = builder.Build();
        await host.StartAsync();
        var journal = host.Services.GetRequiredService<IEventJournal>();

        var position = await journal.AppendAsync(TestJournals.Entry(7));
        await host.StopAsync();

        Assert.Same(journal, host.Services.GetRequiredService<AzureTableEventJournal>());
        Assert.True(journal.IsReady);
        Assert.Equal(new JournalPosition(journal.CurrentSegment, 0), position);
        Assert.StartsWith("silo-", position.Segment, StringComparison.Ordinal);
        await Assert.ThrowsAsync<ObjectDisposedException>(() => journal.AppendAsync(TestJournals.Entry(8)));
    }
}
