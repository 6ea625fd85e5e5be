using System.Globalization;
using Microsoft.Extensions.Logging.Abstractions;
using OfferLab.Benchmarks.Storage;
using OfferLab.Storage.AzureTable;
using OfferLab.Storage.AzureTable.Hosting;
using OfferLab.Testing;
using Orleans;
using Orleans.Hosting;
using Orleans.Runtime;
using Orleans.TestingHost;

// Storage benchmark: writes/s and reads/s with p50/p99 latency for 1 KiB and 64 KiB states, through
// the Azure Table provider (against a private in-memory Azurite) and Orleans' memory storage; then
// event-journal appends/s and p50/p99 append latency at 1, 16, 64 and 256 concurrent appenders.
//   dotnet run -c Release --project benchmarks/OfferLab.Benchmarks.Storage -- [--ops N] [--inflight K] [--journal-ops N]
var operations = Option(args, "--ops", 2000);
var journalOperations = Option(args, "--journal-ops", 10000);
var inFlight = Option(args, "--inflight", 32);
var table = "bench" + Guid.NewGuid().ToString("N")[..12];

Console.WriteLine($"Starting Azurite (in memory) and a one-silo test cluster; {operations} ops per phase, {inFlight} in flight, {Environment.ProcessorCount} cores.");
await using var azurite = await Azurite.StartAsync();
var builder = new InProcessTestClusterBuilder(1);
builder.ConfigureSilo((_, silo) =>
{
    silo.AddAzureTableGrainStorage(Stores.Azure, o => (o.ConnectionString, o.TableName) = (azurite.ConnectionString, table));
    silo.AddMemoryGrainStorage(Stores.Memory);
});
await using var cluster = builder.Build();
await cluster.DeployAsync();

var direct = new AzureTableGrainStorage(
    "direct",
    new AzureTableStorageOptions { ConnectionString = azurite.ConnectionString, TableName = table },
    "bench-direct",
    NullLogger<AzureTableGrainStorage>.Instance);
await direct.EnsureTableAsync(CancellationToken.None);

var rows = new List<string[]>();
foreach (var size in new[] { 1024, 64 * 1024 })
{
    var payload = new string('x', size);
    // Distinct grain keys per size, so each size starts from fresh records.
    var keyBase = size * 1000L;
    rows.Add(await GrainRowAsync("memory (grain)", size, i => cluster.Client.GetGrain<IMemoryPayloadGrain>(keyBase + (i % inFlight))));
    rows.Add(await GrainRowAsync("azure-table (grain)", size, i => cluster.Client.GetGrain<IAzurePayloadGrain>(keyBase + (i % inFlight))));
    rows.Add(await DirectRowAsync(size));

    async Task<string[]> GrainRowAsync(string store, int bytes, Func<int, IPayloadGrain> grain)
    {
        await Task.WhenAll(Enumerable.Range(0, inFlight).Select(i => grain(i).WriteAsync(payload))); // activate and insert
        await Measurement.RunAsync(operations / 10, inFlight, i => grain(i).WriteAsync(payload)); // warm-up, not counted
        var writes = await Measurement.RunAsync(operations, inFlight, i => grain(i).WriteAsync(payload));
        var reads = await Measurement.RunAsync(operations, inFlight, async i =>
        {
            if (await grain(i).ReadAsync() != bytes)
            {
                throw new InvalidOperationException("read back the wrong payload");
            }
        });
        return Row(store, bytes, writes, reads);
    }

    async Task<string[]> DirectRowAsync(int bytes)
    {
        var states = Enumerable.Range(0, inFlight).Select(_ => new GrainState<PayloadState>(new PayloadState { Payload = payload })).ToArray();
        var ids = Enumerable.Range(0, inFlight).Select(i => GrainId.Create("bench", $"{bytes}-{i}")).ToArray();
        await Task.WhenAll(Enumerable.Range(0, inFlight).Select(i => direct.WriteStateAsync("payload", ids[i], states[i])));
        await Measurement.RunAsync(operations / 10, inFlight, i => direct.ReadStateAsync("payload", ids[i % inFlight], states[i % inFlight])); // warm-up
        // Worker w always uses slot w, so each slot's ETag is only touched by one call at a time.
        var writes = await Measurement.RunAsync(operations, inFlight, i => direct.WriteStateAsync("payload", ids[i % inFlight], states[i % inFlight]));
        var reads = await Measurement.RunAsync(operations, inFlight, i => direct.ReadStateAsync("payload", ids[i % inFlight], states[i % inFlight]));
        return Row("azure-table (provider)", bytes, writes, reads);
    }
}

Console.WriteLine();
Print(["store", "size", "writes/s", "write p50 ms", "write p99 ms", "reads/s", "read p50 ms", "read p99 ms"], rows);
await cluster.StopAllSilosAsync();

Console.WriteLine();
Console.WriteLine($"Event journal (group commit, ~300-byte payloads, defaults: batches of up to 100, 4 in flight), {journalOperations} appends per row:");
Print(JournalPhase.Header, await JournalPhase.RunAsync(azurite.ConnectionString, journalOperations));
return 0;

static string[] Row(string store, int bytes, Measurement writes, Measurement reads) =>
[
    store, $"{bytes / 1024} KiB",
    writes.PerSecond.ToString("F0", CultureInfo.InvariantCulture), Ms(writes.P50Milliseconds), Ms(writes.P99Milliseconds),
    reads.PerSecond.ToString("F0", CultureInfo.InvariantCulture), Ms(reads.P50Milliseconds), Ms(reads.P99Milliseconds),
];

static string Ms(double value) => value.ToString("F2", CultureInfo.InvariantCulture);

static void Print(string[] header, List<string[]> rows)
{
    var widths = header.Select((h, c) => Math.Max(h.Length, rows.Max(r => r[c].Length))).ToArray();
    string Line(string[] cells) => "| " + string.Join(" | ", cells.Select((cell, c) => c < 2 ? cell.PadRight(widths[c]) : cell.PadLeft(widths[c]))) + " |";
    Console.WriteLine(Line(header));
    Console.WriteLine("|" + string.Join("|", widths.Select((w, c) => c < 2 ? new string('-', w + 2) : new string('-', w + 1) + ":")) + "|");
    rows.ForEach(r => Console.WriteLine(Line(r)));
}

static int Option(string[] args, string name, int fallback)
{
    var at = Array.IndexOf(args, name);
    return at >= 0 && at + 1 < args.Length ? int.Parse(args[at + 1], CultureInfo.InvariantCulture) : fallback;
}
