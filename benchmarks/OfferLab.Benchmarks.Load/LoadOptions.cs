using System.Globalization;

namespace OfferLab.Benchmarks.Load;

/// <summary>What one run measures: phase length, concurrency, pool sizes and the load generator.</summary>
internal sealed record LoadOptions(
    int DurationSeconds,
    int WarmupSeconds,
    int Connections,
    int Threads,
    int PoolSessions,
    int MemoryCustomers,
    int IdleReleaseSeconds,
    int HeldSeconds,
    string Generator,
    bool HeldOnly)
{
    public const string Usage =
        "benchmarks/load.sh [--duration S] [--warmup S] [--connections C] [--threads T] [--pool N] [--memory-customers N] [--idle-release S] [--held S] [--generator auto|wrk|http] [--phases all|held]";

    /// <summary>Reads <c>--name value</c> pairs; anything unknown or malformed is an error naming the usage.</summary>
    public static LoadOptions Parse(string[] args)
    {
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        for (var i = 0; i < args.Length; i += 2)
        {
            if (!args[i].StartsWith("--", StringComparison.Ordinal) || i + 1 >= args.Length)
            {
                throw new ArgumentException($"Unexpected argument '{args[i]}'. Usage: {Usage}");
            }

            values[args[i][2..]] = args[i + 1];
        }

        var options = new LoadOptions(
            Take(values, "duration", 15),
            Take(values, "warmup", 3),
            Take(values, "connections", 64),
            // wrk shares the two cores with the server: one generator thread leaves the server the other.
            Take(values, "threads", 1),
            Take(values, "pool", 10_000),
            Take(values, "memory-customers", 100_000),
            // With --idle-release S the server releases customers idle S seconds (longer than a phase, so the pools stay
            // active), and the run ends with the resident set once every customer was released; 0 (default) skips it.
            Take(values, "idle-release", 0),
            // New sessions held at saturation for S seconds (default 75, two and a half checkpoint intervals), so the
            // checkpoints run inside the measured window: the rate and p99 measured, not derived; 0 skips it.
            Take(values, "held", 75, allowZero: true),
            values.Remove("generator", out var generator) ? generator : "auto",
            // --phases held: the bare endpoint and the held phase only, for quick A/B comparisons of the held figures;
            // the server then holds far fewer customers when the held phase starts than in a full run.
            values.Remove("phases", out var phases) && phases == "held");
        if (phases is not (null or "all" or "held"))
        {
            throw new ArgumentException($"--phases must be all or held. Usage: {Usage}");
        }

        if (options.HeldOnly && options.HeldSeconds == 0)
        {
            throw new ArgumentException($"--phases held measures the held phase: --held must be positive. Usage: {Usage}");
        }

        if (values.Count > 0)
        {
            throw new ArgumentException($"Unknown option --{values.Keys.First()}. Usage: {Usage}");
        }

        if (options.Generator is not ("auto" or "wrk" or "http"))
        {
            throw new ArgumentException($"--generator must be auto, wrk or http. Usage: {Usage}");
        }

        return options;
    }

    private static int Take(Dictionary<string, string> values, string name, int fallback, bool allowZero = false)
    {
        if (!values.Remove(name, out var text))
        {
            return fallback;
        }

        return int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var value) && (value > 0 || allowZero)
            ? value
            : throw new ArgumentException($"--{name} must be a {(allowZero ? "non-negative" : "positive")} whole number, not '{text}'. Usage: {Usage}");
    }
}
