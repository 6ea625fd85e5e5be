using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using OfferLab.Storage.AzureTable.Hosting;

namespace OfferLab.Storage.AzureTable.Tests.Contract;

public sealed class OptionsValidationTests
{
    [Fact]
    public void Every_problem_is_reported_at_once()
    {
        var errors = AzureTableStorageOptionsValidator.Errors(new AzureTableStorageOptions
        {
            ConnectionString = "not a connection string",
            ServiceUri = new Uri("ftp://example.invalid/"),
            TableName = "1-bad",
            Buckets = -1,
            MaxConcurrentTransactions = 0,
            JsonSerializerOptions = null!,
        }).ToList();

        Assert.Contains(errors, e => e.Contains("exactly one of ConnectionString or ServiceUri", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.Contains("not a valid Azure Storage connection string", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.Contains("absolute http(s) URI", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.Contains("needs a TokenCredential", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.Contains("TableName '1-bad'", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.Contains("JsonSerializerOptions", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.Contains("Buckets -1", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.Contains("MaxConcurrentTransactions 0", StringComparison.Ordinal));
    }

    [Fact]
    public void Packing_needs_buckets_and_a_cache_budget_that_is_not_negative()
    {
        var errors = AzureTableStorageOptionsValidator.Errors(new AzureTableStorageOptions
        {
            ConnectionString = "UseDevelopmentStorage=true",
            PackRecords = true,
            PackCacheBytes = -1,
        }).ToList();

        Assert.Equal(2, errors.Count);
        Assert.Contains(errors, e => e.Contains("PackRecords needs Buckets", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.Contains("PackCacheBytes -1", StringComparison.Ordinal));
        Assert.Empty(AzureTableStorageOptionsValidator.Errors(new AzureTableStorageOptions { ConnectionString = "UseDevelopmentStorage=true", Buckets = 8, PackRecords = true }));
    }

    [Fact]
    public void Missing_location_is_refused_and_a_good_connection_string_passes()
    {
        Assert.Single(AzureTableStorageOptionsValidator.Errors(new AzureTableStorageOptions()));
        Assert.Empty(AzureTableStorageOptionsValidator.Errors(new AzureTableStorageOptions { ConnectionString = "UseDevelopmentStorage=true" }));
    }

    [Fact]
    public void A_named_provider_with_bad_options_fails_when_its_options_are_resolved_naming_the_provider()
    {
        var services = new ServiceCollection();
        services.AddAzureTableGrainStorage("offers", o => o.TableName = "x");
        using var provider = services.BuildServiceProvider();

        var error = Assert.Throws<OptionsValidationException>(() =>
            provider.GetRequiredService<IOptionsMonitor<AzureTableStorageOptions>>().Get("offers"));

        Assert.Equal(2, error.Failures.Count());
        Assert.All(error.Failures, f => Assert.StartsWith("Azure Table grain storage 'offers':", f, StringComparison.Ordinal));
    }
}
