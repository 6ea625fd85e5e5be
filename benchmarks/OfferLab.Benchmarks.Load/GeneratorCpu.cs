using System.Globalization;

namespace OfferLab.Benchmarks.Load;

/// <summary>
/// CPU time of this benchmark process and of its children that have ended (wrk runs as a child and is waited for),
/// from <c>/proc/self/stat</c>: over a phase's window that is what the load generator spent.
/// </summary>
internal static class GeneratorCpu
{
    // USER_HZ: the unit of the times in /proc/[pid]/stat, 100 on every Linux architecture .NET runs on.
    private const double TicksPerSecond = 100;

    public static TimeSpan Now()
    {
        var stat = File.ReadAllText("/proc/self/stat");
        // Fields after the command name (which may hold spaces) start at the state, field 3.
        var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
        var ticks = Enumerable.Range(11, 4).Sum(i => long.Parse(fields[i], CultureInfo.InvariantCulture));
        return TimeSpan.FromSeconds(ticks / TicksPerSecond);
    }
}
