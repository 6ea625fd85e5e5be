using System.Globalization;

namespace OfferLab.Benchmarks.Load;

/// <summary>Prints the run's context, the phase table, the targets of issue #5 and the memory figures.</summary>
internal static class Report
{
    private static readonly CultureInfo Invariant = CultureInfo.InvariantCulture;

    public static void Header(string commandLine, LoadOptions options)
    {
        var kib = File.ReadLines("/proc/meminfo").First(l => l.StartsWith("MemTotal:", StringComparison.Ordinal)).Split(' ', StringSplitOptions.RemoveEmptyEntries)[1];
        var memory = (long.Parse(kib, Invariant) / (1024.0 * 1024)).ToString("0.0 'GiB'", Invariant);
        Console.WriteLine($"$ {commandLine}");
        Console.WriteLine($"machine: {Environment.ProcessorCount} cores (nproc), {memory} memory, {System.Runtime.InteropServices.RuntimeInformation.OSDescription}, .NET {Environment.Version}");
        Console.WriteLine(string.Create(Invariant,
            $"phases: {options.WarmupSeconds} s warm-up + {options.DurationSeconds} s measured each, {options.Connections} connections; repeat pool {options.PoolSessions:N0} sessions; memory probe {options.MemoryCustomers:N0} new customers{(options.IdleReleaseSeconds > 0 ? $"; customers idle {options.IdleReleaseSeconds} s are released" : "")}"));
    }

    public static void Table(IReadOnlyList<PhaseRow> rows)
    {
        var bare = rows[0].Result?.RequestsPerSecond;
        List<string[]> cells = [["phase", "requests", "requests/s", "p50 ms", "p99 ms", "vs bare", "non-2xx", "5xx", "socket errors", "sample checked/wrong"]];
        foreach (var (_, phase, r, note) in rows)
        {
            cells.Add(r is null
                ? [phase, note ?? "not run"]
                :
                [
                    phase,
                    r.Requests.ToString("N0", Invariant),
                    r.RequestsPerSecond.ToString("N0", Invariant),
                    r.P50Milliseconds.ToString("0.00", Invariant),
                    r.P99Milliseconds.ToString("0.00", Invariant),
                    bare is > 0 ? (r.RequestsPerSecond / bare.Value).ToString("P0", Invariant) : "-",
                    r.Non2xx.ToString("N0", Invariant),
                    r.Status5xx.ToString("N0", Invariant),
                    r.SocketErrors.ToString("N0", Invariant),
                    $"{r.Checked.ToString("N0", Invariant)}/{r.Mismatched.ToString("N0", Invariant)}",
                ]);
        }

        // A phase that did not run has a note instead of figures; it spans the row and sets no column width.
        var full = cells.Where(row => row.Length == cells[0].Length).ToList();
        var widths = Enumerable.Range(0, cells[0].Length).Select(c => full.Max(row => row[c].Length)).ToArray();
        widths[0] = cells.Max(row => row[0].Length);
        Console.WriteLine();
        foreach (var row in cells)
        {
            Console.WriteLine(row.Length == cells[0].Length
                ? string.Join("  ", row.Select((cell, c) => c == 0 ? cell.PadRight(widths[c]) : cell.PadLeft(widths[c])))
                : $"{row[0].PadRight(widths[0])}  {row[1]}");
        }
    }

    /// <summary>Where each phase's CPU went (server, Azurite, load generator), and the rate sustained with its checkpoints.</summary>
    public static void Cpu(IReadOnlyList<PhaseRow> rows, IReadOnlyDictionary<PhaseKind, PhaseCpu> phases)
    {
        Console.WriteLine();
        Console.WriteLine("CPU per request (process CPU time / requests) over the measured window, and over the whole phase with its deferred");
        Console.WriteLine("checkpoint (warm-up included, until the journal segments holding its records were checkpointed: the customers it");
        Console.WriteLine("touched written):");
        foreach (var (phase, cpu) in phases)
        {
            Console.WriteLine(string.Create(Invariant,
                $"  {phase,-16}  window: server {cpu.ServerMicrosecondsPerRequest,4:N0} µs  Azurite {cpu.AzuriteMicrosecondsPerRequest,4:N0} µs  generator {cpu.GeneratorMicrosecondsPerRequest,3:N0} µs   whole phase: server {cpu.ServerWholeMicrosecondsPerRequest,4:N0} µs  Azurite {cpu.AzuriteWholeMicrosecondsPerRequest,4:N0} µs  ({CheckpointWait(cpu.Settle)})"));
        }

        Console.WriteLine();
        Console.WriteLine("the machine over each measured window (all cores, from /proc/stat): idle time means the phase was held up by waiting");
        Console.WriteLine("(on storage, on the group commit) rather than by CPU; steal is time the host gave to someone else:");
        foreach (var (phase, cpu) in phases)
        {
            Console.WriteLine(string.Create(Invariant, $"  {phase,-16}  {cpu.Machine}"));
        }

        var bare = rows[0].Result?.RequestsPerSecond ?? 0;
        Console.WriteLine();
        Console.WriteLine("sustained with checkpoints (measured rate x window CPU / whole-phase CPU per request, both with the generator's; a lower");
        Console.WriteLine("bound when the window left the machine idle, as the checkpoint could use that time):");
        foreach (var (kind, name, result, _) in rows.Skip(1))
        {
            if (result is not null && phases.TryGetValue(kind, out var cpu))
            {
                var sustained = cpu.Sustained(result.RequestsPerSecond);
                Console.WriteLine(string.Create(Invariant, $"  {name,-34}  {sustained,7:N0}/s  {(bare > 0 ? sustained / bare : 0),4:P0} of bare  (measured {result.RequestsPerSecond:N0}/s)"));
            }
        }
    }

    /// <summary>Garbage per request and the collector's pauses per phase: a large part of the saturated p99.</summary>
    public static void Garbage(IReadOnlyDictionary<PhaseKind, PhaseGarbage> phases)
    {
        Console.WriteLine();
        Console.WriteLine("server garbage per request (managed bytes allocated / requests) and collector pauses in the measured window, and the");
        Console.WriteLine("garbage per request over the whole phase with its checkpoint:");
        foreach (var (phase, gc) in phases)
        {
            Console.WriteLine(string.Create(Invariant,
                $"  {phase,-16}  window: {gc.WindowKilobytesPerRequest,5:N1} KB  {gc.WindowCollections,4:N0} collections ({gc.WindowOlderCollections,3:N0} of gen 1 or 2)  paused {gc.WindowPausedMilliseconds,6:N0} ms = {gc.WindowPausedShare,5:P1} of the window   whole phase: {gc.WholeKilobytesPerRequest,5:N1} KB"));
        }

        Console.WriteLine();
        Console.WriteLine("the journal in the measured window (server side; an append waits for its batch, then for storage):");
        foreach (var (phase, gc) in phases)
        {
            if (gc.Journal is { } journal)
            {
                Console.WriteLine(string.Create(Invariant, $"  {phase,-16}  {journal}"));
            }
        }
    }

    /// <summary>Latency below saturation: each phase again with a think time per connection, aimed at half its sustained rate.</summary>
    public static void Paced(IReadOnlyList<(PhaseRow Row, TimeSpan Think, TimeSpan? Settled)> paced, int connections)
    {
        if (paced.Count == 0)
        {
            return;
        }

        Console.WriteLine();
        Console.WriteLine(string.Create(Invariant, $"below saturation ({connections} connections, each waiting a think time after every answer; aimed at half the sustained rate):"));
        foreach (var (row, think, settled) in paced)
        {
            var r = row.Result!;
            Console.WriteLine(string.Create(Invariant,
                $"  {row.Name,-34}  think {think.TotalMilliseconds,3:N0} ms  {r.RequestsPerSecond,7:N0}/s  p50 {r.P50Milliseconds,6:0.00} ms  p99 {r.P99Milliseconds,6:0.00} ms  non-2xx {r.Non2xx:N0}  ({CheckpointWait(settled)})"));
        }
    }

    /// <summary>New sessions held across checkpoints: the sustained rate and the latency measured with them running.</summary>
    public static void Held(HeldPhase held, double bare)
    {
        var (r, cpu) = (held.Result, held.Cpu);
        Console.WriteLine(string.Create(Invariant,
            $"  new sessions held {r.Seconds:N0} s: {r.Requests:N0} requests, {r.RequestsPerSecond:N0}/s = {(bare > 0 ? r.RequestsPerSecond / bare : 0):P0} of bare, p50 {r.P50Milliseconds:0.00} ms, p99 {r.P99Milliseconds:0.00} ms, non-2xx {r.Non2xx:N0}, 5xx {r.Status5xx:N0}"));
        Console.WriteLine(string.Create(Invariant,
            $"  CPU per request with the checkpoints inside: server {cpu.ServerMicrosecondsPerRequest:N0} µs, Azurite {cpu.AzuriteMicrosecondsPerRequest:N0} µs, generator {cpu.GeneratorMicrosecondsPerRequest:N0} µs; the collector paused the server {held.Garbage.WindowPausedShare:P1} of the window; {cpu.Machine}"));
        Console.WriteLine(string.Create(Invariant,
            $"  generation-2 collections in the window: {held.Garbage.WindowGen2Collections:N0}, of which the server's keep-alive asked for {held.Garbage.WindowKeepAliveCollections:N0} (it keeps the background collector's thread from exiting, see the README)"));
        if (held.Garbage.Journal is { } journal)
        {
            Console.WriteLine(string.Create(Invariant, $"  journal: {journal}"));
        }

        if (!held.SpansCheckpoints)
        {
            Console.WriteLine(string.Create(Invariant, $"  (shorter than two checkpoint intervals of {HeldPhase.CheckpointInterval.TotalSeconds:N0} s: not a sustained figure)"));
        }
    }

    /// <summary>How long after a phase its journal segments were checkpointed, or that the wait timed out.</summary>
    public static string CheckpointWait(TimeSpan? settled) =>
        settled is { } wait ? string.Create(Invariant, $"checkpointed {wait.TotalSeconds:N0} s after") : "checkpoint NOT seen before the timeout";

    /// <summary>The server's warnings and errors during the run (it logs at Warning): a failed checkpoint shows here.</summary>
    public static void ServerWarnings(string output)
    {
        var lines = output.Split('\n');
        var found = new List<string>();
        for (var i = 0; i < lines.Length; i++)
        {
            if (lines[i].StartsWith("warn:", StringComparison.Ordinal) || lines[i].StartsWith("fail:", StringComparison.Ordinal) || lines[i].StartsWith("crit:", StringComparison.Ordinal))
            {
                found.Add(lines[i].TrimEnd() + (i + 1 < lines.Length ? " " + lines[i + 1].Trim() : ""));
            }
        }

        Console.WriteLine();
        Console.WriteLine(string.Create(Invariant, $"server warnings and errors during the run: {found.Count:N0}"));
        foreach (var line in found.Take(12))
        {
            Console.WriteLine("  " + (line.Length > 300 ? line[..300] + "..." : line));
        }
    }

    /// <summary>The targets of issue #5, each marked met or missed (figures, not assertions); ratios use the sustained rates.</summary>
    public static void Targets(IReadOnlyList<PhaseRow> rows, IReadOnlyDictionary<PhaseKind, PhaseCpu> phases, double? bytesPerMillion, bool releasing, HeldPhase? held)
    {
        var bare = rows[0].Result?.RequestsPerSecond ?? 0;
        Console.WriteLine();
        Console.WriteLine("targets:");
        Ratio("repeat assigns >= 50% of bare", PhaseKind.Repeat, 0.50);
        Ratio("new-session assigns >= 25% of bare (sustained, checkpoints included)", PhaseKind.NewSession, 0.25);
        if (Rate(PhaseKind.ReturningSession) is { } returning && bare > 0)
        {
            // The target is judged on new customers; this row tells the durable exposure apart from the new customer.
            Console.WriteLine($"  info    new sessions of returning customers (durable exposure, no new customer; sustained): {(returning / bare).ToString("P0", Invariant)} of bare");
        }

        if (held is { SpansCheckpoints: true } && bare > 0)
        {
            // Measured, where the line above derives it from CPU time; both are shown, the derived one is judged as before.
            Console.WriteLine($"  info    new-session assigns held across checkpoints (measured sustained): {(held.Result.RequestsPerSecond / bare).ToString("P0", Invariant)} of bare");
        }

        foreach (var (_, phase, r, _) in rows.Where(r => r.Result is not null))
        {
            Line($"p99 <= 25 ms ({phase})", r!.P99Milliseconds <= 25, $"{r.P99Milliseconds.ToString("0.00", Invariant)} ms");
        }

        if (held is { SpansCheckpoints: true })
        {
            Line("p99 <= 25 ms (new-session assigns held across checkpoints)", held.Result.P99Milliseconds <= 25, $"{held.Result.P99Milliseconds.ToString("0.00", Invariant)} ms");
        }

        if (bytesPerMillion is { } b)
        {
            var perMillion = $"{(b / (1L << 20)).ToString("N0", Invariant)} MiB";
            if (releasing)
            {
                // Customers of the earlier phases leave memory while the probe assigns new ones: the growth understates them.
                Console.WriteLine($"  info    memory not judged with --idle-release (customers were released during the probe): {perMillion} per million");
            }
            else
            {
                Line("memory <= 1 GiB per million customers (active, state in memory; live managed heap)", b <= 1L << 30, perMillion);
            }
        }

        double? Rate(PhaseKind kind) => rows.FirstOrDefault(r => r.Kind == kind)?.Result is { } r
            ? phases.TryGetValue(kind, out var cpu) ? cpu.Sustained(r.RequestsPerSecond) : r.RequestsPerSecond
            : null;

        void Ratio(string name, PhaseKind kind, double target)
        {
            if (Rate(kind) is { } rate && bare > 0)
            {
                Line(name, rate / bare >= target, (rate / bare).ToString("P0", Invariant));
            }
        }

        static void Line(string name, bool met, string value) => Console.WriteLine($"  {(met ? "met   " : "MISSED")}  {name}: {value}");
    }

    /// <summary>Memory per customer once every customer was released for idleness, against the server before any customer.</summary>
    public static void ReleasedMemory(MemoryReading empty, MemoryReading released, long customersKnown)
    {
        Console.WriteLine(string.Create(Invariant,
            $"released: live managed heap {Heap(empty)} with no customer, {Heap(released)} once all {customersKnown:N0} customers were idle and released => {Mib(released.HeapPerMillionSince(empty, customersKnown))} per million customers known (full GC forced)"));
        Console.WriteLine(string.Create(Invariant,
            $"          server RSS {empty.ResidentBytes / (1L << 20):N0} MiB, then {released.ResidentBytes / (1L << 20):N0} MiB (the GC keeps freed memory for reuse: information only)"));
    }

    public static void ReleaseCpu(TimeSpan server, TimeSpan azurite, TimeSpan window, long customersKnown) =>
        Console.WriteLine(string.Create(Invariant,
            $"release: over the {window.TotalSeconds:N0}-s wait, server CPU {server.TotalSeconds:N1} s and Azurite {azurite.TotalSeconds:N1} s => {server.TotalMicroseconds / customersKnown:N0} µs and {azurite.TotalMicroseconds / customersKnown:N0} µs per customer known (state writes on release, checkpoints, idle work)"));

    public static void Memory(MemoryReading before, MemoryReading after, int customers, long customersHeld)
    {
        Console.WriteLine();
        Console.WriteLine(string.Create(Invariant,
            $"memory: live managed heap {Heap(before)} before, {Heap(after)} after {customers:N0} new customers => {Mib(after.HeapPerMillionSince(before, customers) / 10)} per 100k customers, {Mib(after.HeapPerMillionSince(before, customers))} per million (extrapolated; full GC forced in the server before each reading)"));
        Console.WriteLine(string.Create(Invariant,
            $"        server RSS {before.ResidentBytes / (1L << 20):N0} MiB before, {after.ResidentBytes / (1L << 20):N0} MiB after (the GC keeps freed memory for reuse, so the resident set can stay flat or fall: information only); {customersHeld:N0} customers held in all, whole RSS / customers held = {after.ResidentBytes / (double)customersHeld * 1_000_000 / (1L << 20):N0} MiB per million (upper bound, includes the runtime)"));
    }

    private static string Heap(MemoryReading reading) =>
        reading.HeapBytes is { } heap ? string.Create(Invariant, $"{heap / (double)(1L << 20):N1} MiB") : "unknown (no full GC could be forced)";

    private static string Mib(double? bytes) =>
        bytes is { } b ? string.Create(Invariant, $"{b / (1L << 20):N0} MiB") : "unknown";
}
