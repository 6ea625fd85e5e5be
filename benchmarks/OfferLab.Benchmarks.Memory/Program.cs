using System.Globalization;
using Microsoft.Extensions.DependencyInjection;
using OfferLab.Abstractions.Assignment;
using OfferLab.Grains;
using OfferLab.Grains.Counting;
using OfferLab.Grains.Customers;
using OfferLab.Storage.AzureTable.Hosting;
using OfferLab.Storage.AzureTable.Journal;
using OfferLab.Testing;
using Orleans.TestingHost;

// Live managed heap per customer grain (issue 5's memory target is about 1,070 bytes per customer):
//   dotnet run -c Release --project benchmarks/OfferLab.Benchmarks.Memory [-- --customers N]
// One in-process silo with the real journal and bucketed customer storage in a private Azurite. Four readings of
// GC.GetTotalMemory after a full collection: before, after N customers activated by a call that changes nothing
// (an outcome outside its attribution window: the activation with empty state), after N more customers given one
// sticky assignment each (state, journal bookkeeping of the open segment), and after all of them were released as
// idle (what a customer known to the silo costs once its grain is gone). The silo runs in this process, so the
// figures are the grains' own; the server's RSS figure (benchmarks/load.sh) adds the runtime's slack on top.
var customers = args.Length == 2 && args[0] == "--customers" ? int.Parse(args[1], CultureInfo.InvariantCulture) : 20_000;
const int CustomerBuckets = 128; // as the server's default (Storage:CustomerBuckets); the shards follow them
await using var azurite = await Azurite.StartAsync();
var suffix = Guid.NewGuid().ToString("N")[..12];
var builder = new InProcessTestClusterBuilder(1);
builder.Options.ServiceId = "memory-" + suffix[..8];
builder.ConfigureSilo((_, silo) =>
{
    silo.Services.AddKeyedSingleton(GrainClock.Key, TimeProvider.System);
    silo.Services.AddEventJournal(journal => (journal.ConnectionString, journal.TableName) = (azurite.ConnectionString, "journal" + suffix));
    silo.Services.AddSingleton<CountAggregator>();
    silo.Services.AddSingleton<OfferJournal>();
    silo.AddAzureTableGrainStorage(GrainStorage.Customers, table =>
        (table.ConnectionString, table.TableName, table.Buckets) = (azurite.ConnectionString, "customers" + suffix, CustomerBuckets));
});
await using var cluster = builder.Build();
await cluster.DeployAsync();
var grains = cluster.Client;
var customerShards = new CustomerShards(grains, CustomerBuckets);

var plan = new AssignPlan("burger-sides", 1, 0, ["control", "fries"], [null, "FRIES-M"], [0.5, 0.5], CustomerStickiness: false, CapPerDay: 100, SuppressAfterDeclines: 100);
var stale = new OutcomeCommand("burger-sides", 1, 0, "fries", "s", "t", DateTimeOffset.UtcNow.AddDays(-30), OutcomeKind.Accept, 0, null, null, TimeSpan.FromDays(1));
var options = new ParallelOptions { MaxDegreeOfParallelism = 32 };

// Warm-up: code paths, buckets' indexes and pools exist before the first reading.
await Parallel.ForEachAsync(Enumerable.Range(0, 2_000), options, async (i, _) =>
    await customerShards.Get($"warm-{i:D8}").AssignAsync($"warm-session-{i:D8}", [plan]));

var before = GC.GetTotalMemory(forceFullCollection: true);
await Parallel.ForEachAsync(Enumerable.Range(0, customers), options, async (i, _) =>
    await customerShards.Get($"empty-customer-{i:D8}").RecordOutcomeAsync(stale));
var activated = GC.GetTotalMemory(forceFullCollection: true);
await Parallel.ForEachAsync(Enumerable.Range(0, customers), options, async (i, _) =>
    await customerShards.Get($"sticky-customer-{i:D8}").AssignAsync($"session-{i:D8}-of-a-storefront", [plan]));
var assigned = GC.GetTotalMemory(forceFullCollection: true);

// Idle customers are released (Assignment:CustomerIdleTimeout in the server): collect every idle activation now and
// wait until the activation count stops falling. What stays is the bucket index entry (and, until the open journal
// segment is checkpointed, its bookkeeping).
var management = grains.GetGrain<IManagementGrain>(0);
await management.ForceActivationCollection(TimeSpan.Zero);
for (int last = int.MaxValue, now; (now = await management.GetTotalActivationCount()) < last;)
{
    last = now;
    await Task.Delay(1_000);
}

var released = GC.GetTotalMemory(forceFullCollection: true);

Console.WriteLine($"customers per reading: {customers:N0} (ids of 24 characters, sessions of 30)");
Console.WriteLine($"activation with empty state:      {(activated - before) / (double)customers,8:N0} bytes per customer");
Console.WriteLine($"customer with one sticky session: {(assigned - activated) / (double)customers,8:N0} bytes per customer");
Console.WriteLine($"  => {(assigned - activated) * 1_000_000.0 / customers / (1 << 30):N2} GiB of live heap per million such customers (target <= 1 GiB)");
Console.WriteLine($"released customer (idle, state in storage): {(released - before) / (2.0 * customers),8:N0} bytes per customer (both kinds, open segment's bookkeeping included)");
Console.WriteLine($"  => {(released - before) * 1_000_000.0 / (2.0 * customers) / (1 << 30):N2} GiB of live heap per million released customers");
