using System.Net;
using System.Text;
using OfferLab.Benchmarks.Load;
using OfferLab.Testing;

// Load benchmark of the hot path against the real server (its own process) and a private Azurite: requests/s
// and p50/p99 of a bare endpoint, new-session assigns (new customers), repeat (sticky) assigns, outcomes and new
// sessions of returning customers, each relative to the bare endpoint, then server memory per 100k customers.
// Run it with benchmarks/load.sh.
LoadOptions options;
try
{
    options = LoadOptions.Parse(args);
}
catch (ArgumentException e)
{
    Console.Error.WriteLine(e.Message);
    return 2;
}

Report.Header(Environment.GetEnvironmentVariable("OFFERLAB_LOAD_COMMAND") ?? Environment.CommandLine, options);
await using var azurite = await Azurite.StartAsync();
// Per-request logging would measure the console, not the hot path; production runs at Warning too.
var idleRelease = TimeSpan.FromSeconds(options.IdleReleaseSeconds);
// The table is named here so the benchmark can watch the journal's segments in it (JournalSettle).
var table = "load" + Guid.NewGuid().ToString("N")[..12];
var settings = new Dictionary<string, string?> { ["Logging__LogLevel__Default"] = "Warning", ["OfferLab__Storage__TableName"] = table };
if (options.IdleReleaseSeconds > 0)
{
    settings["OfferLab__Assignment__CustomerIdleTimeout"] = idleRelease.ToString("c", System.Globalization.CultureInfo.InvariantCulture);
}

await using var server = await ServerProcess.StartAsync(azurite, settings);
var settle = new JournalSettle(azurite.ConnectionString, table + "Journal");
// At the default 30-s checkpoint interval a phase's segment is checkpointed within about a minute.
var settleTimeout = TimeSpan.FromMinutes(3);
await BenchExperiment.DeclareAsync(server);
using var admin = server.CreateClient(TestKeys.Admin);
// The server's own footprint with no customer yet: what released customers are measured against.
var empty = default(MemoryReading);
if (options.IdleReleaseSeconds > 0)
{
    empty = await MemoryProbe.ReadAfterFullCollectionAsync(server.ProcessId, admin);
}
using var storefront = server.CreateClient(TestKeys.Storefront);

ILoadGenerator generator = options.Generator == "http" || (options.Generator == "auto" && !WrkGenerator.IsAvailable())
    ? new HttpClientGenerator(server.BaseAddress, options.Connections, TestKeys.Storefront)
    : new WrkGenerator(server.BaseAddress, options.Connections, options.Threads, TestKeys.Storefront);
Console.WriteLine($"server: {server.BaseAddress} (pid {server.ProcessId}), {RepositoryPaths.Configuration} build; generator: {generator.Description}");

var runId = Guid.NewGuid().ToString("N")[..8];
var folder = Directory.CreateTempSubdirectory("offerlab-load-").FullName;
var rows = new List<PhaseRow>();
var warmups = new List<PhaseResult>();
var hotPath = await HotPathExistsAsync();
var customersHeld = 0L;
var cpu = new Dictionary<PhaseKind, PhaseCpu>();
var garbage = new Dictionary<PhaseKind, PhaseGarbage>();
var paced = new List<(PhaseRow Row, TimeSpan Think, TimeSpan? Settled)>();
HeldPhase? held = null;
try
{
    rows.Add(new PhaseRow(PhaseKind.Bare, "bare GET /health/live", await MeasureAsync(PhaseKind.Bare, null)));
    if (options.HeldOnly && hotPath)
    {
        Report.Table(rows);
        held = await MeasureHeldAsync();
        Report.Targets(rows, cpu, null, releasing: false, held);
        Report.ServerWarnings(server.Output);
        return Verdict();
    }

    if (hotPath)
    {
        Console.WriteLine($"assigning the repeat pool of {options.PoolSessions:N0} sessions...");
        var pool = await SessionPool.AssignAsync(storefront, options.PoolSessions, options.Connections, runId);
        var sessions = await pool.WriteSessionsAsync(folder);
        var tokens = await pool.WriteTokensAsync(folder);
        // The pool's checkpoint belongs to no phase.
        await settle.WaitAsync(settleTimeout);
        var fresh = await MeasureAsync(PhaseKind.NewSession, null);
        customersHeld = 1 + pool.Sessions.Count + fresh.Requests + warmups[^1].Requests;
        rows.Add(new PhaseRow(PhaseKind.NewSession, "new-session assigns", fresh));
        rows.Add(new PhaseRow(PhaseKind.Repeat, "repeat assigns (sticky)", await MeasureAsync(PhaseKind.Repeat, sessions)));
        rows.Add(new PhaseRow(PhaseKind.Outcome, "outcomes (accept)", await MeasureAsync(PhaseKind.Outcome, tokens)));
        // Last, so the phases before it see the pool customers as they always did: each now gains sessions.
        rows.Add(new PhaseRow(PhaseKind.ReturningSession, "new sessions, returning customers", await MeasureAsync(PhaseKind.ReturningSession, sessions)));
        await MeasurePacedAsync(PhaseKind.NewSession, null);
        await MeasurePacedAsync(PhaseKind.Outcome, tokens);
        await MeasurePacedAsync(PhaseKind.ReturningSession, sessions);
    }
    else
    {
        (PhaseKind, string)[] phases = [(PhaseKind.NewSession, "new-session assigns"), (PhaseKind.Repeat, "repeat assigns (sticky)"), (PhaseKind.Outcome, "outcomes (accept)"), (PhaseKind.ReturningSession, "new sessions, returning customers")];
        foreach (var (kind, name) in phases)
        {
            rows.Add(new PhaseRow(kind, name, null, "not run: POST /v1/assign is not served yet"));
        }
    }

    Report.Table(rows);
    Report.Cpu(rows, cpu);
    Report.Garbage(garbage);
    Report.Paced(paced, options.Connections);
    double? bytesPerMillion = null;
    if (hotPath)
    {
        Console.WriteLine($"\nmeasuring memory: assigning {options.MemoryCustomers:N0} new customers...");
        var before = await MemoryProbe.ReadAfterFullCollectionAsync(server.ProcessId, admin);
        // New customers are the slow path (one state read each): a patient client with fewer in flight, so the
        // probe measures memory rather than timing out behind a checkpoint.
        using (var patient = server.CreateClient(TestKeys.Storefront))
        {
            patient.Timeout = TimeSpan.FromMinutes(5);
            await MemoryProbe.AssignNewCustomersAsync(patient, options.MemoryCustomers, Math.Min(options.Connections, 16), runId);
        }

        // Read once the new customers' segment is checkpointed, as the reading before was taken after the last phase's:
        // both then hold no open segment's bookkeeping, only the customers themselves.
        var probeSettled = await settle.WaitAsync(settleTimeout);
        Console.WriteLine(probeSettled is { } wait ? $"  (their journal segment checkpointed {wait.TotalSeconds:N0} s after)" : "  (their journal segment NOT checkpointed before the timeout: the reading includes its bookkeeping)");
        var after = await MemoryProbe.ReadAfterFullCollectionAsync(server.ProcessId, admin);
        Report.Memory(before, after, options.MemoryCustomers, customersHeld + options.MemoryCustomers);
        bytesPerMillion = after.HeapPerMillionSince(before, options.MemoryCustomers);
        if (options.HeldSeconds > 0)
        {
            held = await MeasureHeldAsync();
        }

        if (options.IdleReleaseSeconds > 0)
        {
            await MeasureReleasedAsync();
        }
    }

    Report.Targets(rows, cpu, bytesPerMillion, releasing: options.IdleReleaseSeconds > 0, held);
    Report.ServerWarnings(server.Output);
}
catch
{
    // A phase that cannot reach the server: say what the server said last, or the run's cause is lost with it.
    var lines = server.Output.Split('\n');
    Console.Error.WriteLine($"The run failed; the server's last {Math.Min(80, lines.Length)} lines of output:");
    Console.Error.WriteLine(string.Join('\n', lines.TakeLast(80)));
    throw;
}
finally
{
    Directory.Delete(folder, recursive: true);
}

return Verdict();

// Customers idle past Assignment:CustomerIdleTimeout leave memory (state written, read back on their next request);
// their shards look every half timeout (at most a minute), so all are gone after 1.5 timeouts. The GC keeps much of
// what it freed for reuse, so the resident set falls far less than the managed heap.
async Task MeasureReleasedAsync()
{
    var wait = idleRelease * 1.5 + TimeSpan.FromSeconds(15);
    Console.WriteLine($"\nwaiting {wait.TotalSeconds:N0} s for idle customers to be released (Assignment:CustomerIdleTimeout {idleRelease.TotalSeconds:N0} s)...");
    var (server0, azurite0) = (ProcessTree.CpuTime(server.ProcessId), ProcessTree.CpuTime(azurite.ProcessId));
    await Task.Delay(wait);
    // No requests meanwhile: this is what releasing customers costs (their state writes, the checkpoints of the
    // segments holding their records), the part of a customer's cost that no request phase sees.
    Report.ReleaseCpu(ProcessTree.CpuTime(server.ProcessId) - server0, ProcessTree.CpuTime(azurite.ProcessId) - azurite0, wait, customersHeld + options.MemoryCustomers);
    var released = await MemoryProbe.ReadAfterFullCollectionAsync(server.ProcessId, admin);
    Report.ReleasedMemory(empty, released, customersHeld + options.MemoryCustomers);
}

async Task<PhaseResult> MeasureAsync(PhaseKind phase, string? file)
{
    Console.WriteLine($"{phase}: {options.WarmupSeconds} s warm-up, {options.DurationSeconds} s measured, then the wait for its checkpoint...");
    var start = await RuntimeReading.ReadAsync(admin);
    var (serverStart, azuriteStart) = (ProcessTree.CpuTime(server.ProcessId), ProcessTree.CpuTime(azurite.ProcessId));
    var warmup = await generator.RunAsync(phase, TimeSpan.FromSeconds(options.WarmupSeconds), runId + "w", file);
    warmups.Add(warmup);
    var window = await MeasureWindowAsync(phase, options.DurationSeconds, "m", file);
    var result = window.Result;
    // The customers a phase touched are written when its segments are checkpointed, after the phase: that work is
    // charged to the phase (its "whole" figures), and the next phase starts without it.
    var settled = await settle.WaitAsync(settleTimeout);
    garbage[phase] = new PhaseGarbage(start, window.GcStart, window.GcEnd, await RuntimeReading.ReadAsync(admin), result.Requests, warmup.Requests + result.Requests, TimeSpan.FromSeconds(result.Seconds));
    cpu[phase] = new PhaseCpu(
        window.Server,
        window.Azurite,
        window.Generator,
        result.Requests,
        ProcessTree.CpuTime(server.ProcessId) - serverStart,
        ProcessTree.CpuTime(azurite.ProcessId) - azuriteStart,
        warmup.Requests + result.Requests,
        settled,
        window.Machine);
    return result;
}

// One measured window: the collector's counters and the CPU of server, Azurite and generator read around the load.
async Task<(PhaseResult Result, RuntimeReading GcStart, RuntimeReading GcEnd, TimeSpan Server, TimeSpan Azurite, TimeSpan Generator, MachineShare Machine)> MeasureWindowAsync(
    PhaseKind phase, int seconds, string suffix, string? file)
{
    var gcStart = await RuntimeReading.ReadAsync(admin);
    var (server0, azurite0, generator0, machine0) = (ProcessTree.CpuTime(server.ProcessId), ProcessTree.CpuTime(azurite.ProcessId), GeneratorCpu.Now(), MachineCpu.Now());
    var result = await generator.RunAsync(phase, TimeSpan.FromSeconds(seconds), runId + suffix, file);
    var (server1, azurite1, generator1, machine1) = (ProcessTree.CpuTime(server.ProcessId), ProcessTree.CpuTime(azurite.ProcessId), GeneratorCpu.Now(), MachineCpu.Now());
    var gcEnd = await RuntimeReading.ReadAsync(admin);
    return (result, gcStart, gcEnd, server1 - server0, azurite1 - azurite0, generator1 - generator0, MachineCpu.Between(machine0, machine1));
}

// Latency below saturation: the same 64 connections, each waiting a think time after every answer, aimed at half the
// phase's sustained rate. At saturation a closed loop's latency is its queue (connections / rate); this is what a
// storefront sees when the server has headroom.
async Task MeasurePacedAsync(PhaseKind phase, string? file)
{
    var row = rows.First(r => r.Kind == phase);
    var aim = cpu[phase].Sustained(row.Result!.RequestsPerSecond) / 2;
    var think = TimeSpan.FromMilliseconds(Math.Max(1, Math.Round((options.Connections * 1000.0 / aim) - 2)));
    Console.WriteLine($"{phase} below saturation: {options.DurationSeconds} s with {think.TotalMilliseconds:N0} ms think time (aiming at {aim:N0}/s), then the wait for its checkpoint...");
    var result = await generator.RunAsync(phase, TimeSpan.FromSeconds(options.DurationSeconds), runId + "p", file, think);
    var settled = await settle.WaitAsync(settleTimeout);
    paced.Add((row with { Result = result }, think, settled));
}

// New sessions held at saturation across checkpoints: the journal segments close every Assignment:CheckpointInterval
// (30 s), so a window of two and more intervals runs their checkpoints beside the requests. Its rate is the sustained
// rate measured (the phase table's "sustained" figure derives it from CPU time), and its p99 is what a storefront sees
// while customers are written. Run after the memory probe, so the customers it adds change no figure before it.
async Task<HeldPhase> MeasureHeldAsync()
{
    Console.WriteLine($"\nnew sessions held at saturation for {options.HeldSeconds} s (checkpoints inside the window)...");
    var (result, gc0, gc1, serverCpu, azuriteCpu, generatorCpu, machine) = await MeasureWindowAsync(PhaseKind.NewSession, options.HeldSeconds, "h", null);
    var phase = new HeldPhase(
        result,
        new PhaseCpu(serverCpu, azuriteCpu, generatorCpu, result.Requests, serverCpu, azuriteCpu, result.Requests, null, machine),
        new PhaseGarbage(gc0, gc0, gc1, gc1, result.Requests, result.Requests, TimeSpan.FromSeconds(result.Seconds)));
    Report.Held(phase, rows[0].Result?.RequestsPerSecond ?? 0);
    var settled = await settle.WaitAsync(settleTimeout);
    Console.WriteLine($"  ({Report.CheckpointWait(settled)})");
    return phase;
}

async Task<bool> HotPathExistsAsync()
{
    using var content = new StringContent(HotPathRequests.Assign($"probe-{runId}", $"probe-{runId}"), Encoding.UTF8, "application/json");
    using var response = await storefront.PostAsync(new Uri(HotPathRequests.AssignPath, UriKind.Relative), content);
    return response.StatusCode != HttpStatusCode.NotFound;
}

// Fails loudly: any 5xx, any wrong answer in the samples, any socket error makes the figures meaningless.
int Verdict()
{
    var measured = rows.Where(r => r.Result is not null).Select(r => (Phase: r.Name, Result: r.Result!)).Concat(warmups.Select(w => (Phase: "warm-up", Result: w)))
        .Concat(paced.Select(p => (Phase: p.Row.Name + " (below saturation)", Result: p.Row.Result!)))
        .Concat(held is null ? [] : [(Phase: "new sessions held across checkpoints", held.Result)]);
    var problems = measured
        .Where(m => m.Result.Status5xx > 0 || m.Result.Mismatched > 0 || m.Result.SocketErrors > 0)
        .Select(m => $"{m.Phase}: {m.Result.Status5xx} 5xx, {m.Result.Mismatched} wrong answers in the sample, {m.Result.SocketErrors} socket errors; first wrong answer: {m.Result.FirstMismatch ?? "-"}")
        .ToList();
    foreach (var problem in problems)
    {
        Console.Error.WriteLine($"FAILED {problem}");
    }

    return problems.Count == 0 ? 0 : 1;
}
