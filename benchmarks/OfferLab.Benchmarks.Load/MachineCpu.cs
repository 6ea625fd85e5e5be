using System.Globalization;

namespace OfferLab.Benchmarks.Load;

/// <summary>
/// The whole machine's CPU time by kind, from the first line of <c>/proc/stat</c> (all cores, in USER_HZ ticks): what
/// was busy, what idled and what the hypervisor took (steal). Over a window it says whether the two cores were
/// saturated, which the derived sustained rates assume, and whether a neighbour on the host took time from the run.
/// </summary>
internal readonly record struct MachineCpu(long Busy, long Idle, long Steal)
{
    public static MachineCpu Now()
    {
        // cpu  user nice system idle iowait irq softirq steal guest guest_nice (guest time is already in user and nice)
        var line = File.ReadLines("/proc/stat").First(l => l.StartsWith("cpu ", StringComparison.Ordinal));
        var f = line.Split(' ', StringSplitOptions.RemoveEmptyEntries).Skip(1).Select(v => long.Parse(v, CultureInfo.InvariantCulture)).ToArray();
        long At(int i) => i < f.Length ? f[i] : 0;
        return new MachineCpu(At(0) + At(1) + At(2) + At(5) + At(6), At(3) + At(4), At(7));
    }

    public static MachineShare Between(MachineCpu start, MachineCpu end)
    {
        var (busy, idle, steal) = (end.Busy - start.Busy, end.Idle - start.Idle, end.Steal - start.Steal);
        double total = busy + idle + steal;
        return total > 0 ? new MachineShare(busy / total, idle / total, steal / total) : new MachineShare(0, 0, 0);
    }
}

/// <summary>Shares of all cores' time over a window: busy (any process, kernel included), idle, stolen by the host.</summary>
internal sealed record MachineShare(double Busy, double Idle, double Steal)
{
    public override string ToString() =>
        string.Create(CultureInfo.InvariantCulture, $"machine busy {Busy,4:P0}, idle {Idle,4:P0}, steal {Steal,3:P0}");
}
