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

    public static void Table(IReadOnlyList<(string Phase, PhaseResult? Result, string? Note)> rows)
    {
        var bare = rows[0].Result?.RequestsPerSecond;
        List<string[]> cells = [["phase", "requests", "requests/s", "p50 ms", "p99 ms", "vs bare", "non-2xx", "5xx", "socket errors", "sample checked/wrong"]];
        foreach (var (phase, r, note) in rows)
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

    /// <summary>Where each measured phase's CPU went: the server's and Azurite's processes, per request.</summary>
    public static void Cpu(IReadOnlyDictionary<PhaseKind, PhaseCpu> phases)
    {
        Console.WriteLine();
        Console.WriteLine("CPU per request over each measured phase (process CPU time / requests; wrk takes the rest of the two cores):");
        foreach (var (phase, cpu) in phases)
        {
            Console.WriteLine(string.Create(Invariant,
                $"  {phase,-10}  server {cpu.ServerMicrosecondsPerRequest,6:N0} µs ({cpu.Server.TotalSeconds,5:N1} s)   Azurite {cpu.AzuriteMicrosecondsPerRequest,6:N0} µs ({cpu.Azurite.TotalSeconds,5:N1} s)"));
        }
    }

    /// <summary>The targets of issue #5, each marked met or missed (figures, not assertions).</summary>
    public static void Targets(IReadOnlyList<(string Phase, PhaseResult? Result, string? Note)> rows, double? bytesPerMillion)
    {
        var bare = rows[0].Result?.RequestsPerSecond ?? 0;
        Console.WriteLine();
        Console.WriteLine("targets:");
        Ratio("repeat assigns >= 50% of bare", rows[2].Result, 0.50);
        Ratio("new-session assigns >= 25% of bare", rows[1].Result, 0.25);
        foreach (var (phase, r, _) in rows.Where(r => r.Result is not null))
        {
            Line($"p99 <= 25 ms ({phase})", r!.P99Milliseconds <= 25, $"{r.P99Milliseconds.ToString("0.00", Invariant)} ms");
        }

        if (bytesPerMillion is { } b)
        {
            Line("memory <= 1 GiB per million customers (active, state in memory)", b <= 1L << 30, $"{(b / (1L << 20)).ToString("N0", Invariant)} MiB");
        }

        void Ratio(string name, PhaseResult? r, double target)
        {
            if (r is not null && bare > 0)
            {
                Line(name, r.RequestsPerSecond / bare >= target, (r.RequestsPerSecond / bare).ToString("P0", Invariant));
            }
        }

        static void Line(string name, bool met, string value) => Console.WriteLine($"  {(met ? "met   " : "MISSED")}  {name}: {value}");
    }

    /// <summary>Memory per customer once every customer was released for idleness, against the server before any customer.</summary>
    public static void ReleasedMemory(long empty, long released, long customersKnown)
    {
        var perMillion = (released - empty) * 1_000_000.0 / customersKnown;
        Console.WriteLine(string.Create(Invariant,
            $"released: server RSS {empty / (1L << 20):N0} MiB with no customer, {released / (1L << 20):N0} MiB once all {customersKnown:N0} customers were idle and released => {perMillion / (1L << 20):N0} MiB per million customers known (full GC forced; the GC keeps freed memory for reuse, so this is an upper bound — live heap: benchmarks/OfferLab.Benchmarks.Memory)"));
    }

    public static void ReleaseCpu(TimeSpan server, TimeSpan azurite, TimeSpan window, long customersKnown) =>
        Console.WriteLine(string.Create(Invariant,
            $"release: over the {window.TotalSeconds:N0}-s wait, server CPU {server.TotalSeconds:N1} s and Azurite {azurite.TotalSeconds:N1} s => {server.TotalMicroseconds / customersKnown:N0} µs and {azurite.TotalMicroseconds / customersKnown:N0} µs per customer known (state writes on release, checkpoints, idle work)"));

    public static void Memory(long before, long after, int customers, long customersHeld, bool gcForced)
    {
        var perHundredThousand = (after - before) * 100_000.0 / customers;
        Console.WriteLine();
        Console.WriteLine(string.Create(Invariant,
            $"memory: server RSS {before / (1L << 20):N0} MiB before, {after / (1L << 20):N0} MiB after {customers:N0} new customers => {perHundredThousand / (1L << 20):N1} MiB per 100k customers, {perHundredThousand * 10 / (1L << 20):N0} MiB per million (extrapolated); {(gcForced ? "full GC forced in the server before each reading" : "GC could not be forced: steady-state readings")}"));
        Console.WriteLine(string.Create(Invariant,
            $"        {customersHeld:N0} customers held in all; whole RSS / customers held = {after / (double)customersHeld * 1_000_000 / (1L << 20):N0} MiB per million (upper bound, includes the runtime)"));
    }
}
