using System.Diagnostics;
using System.Globalization;

namespace OfferLab.Testing;

/// <summary>
/// A process and all its descendants (Linux): signalled, for tests that freeze a dependency in place, or timed, for
/// benchmarks that report what each process spent.
/// </summary>
public static class ProcessTree
{
    /// <summary>Stops (SIGSTOP) the process tree: it keeps its sockets open but answers nothing, like a hung service.</summary>
    public static void Freeze(int processId) => Signal(processId, "STOP");

    /// <summary>Continues (SIGCONT) a frozen process tree.</summary>
    public static void Thaw(int processId) => Signal(processId, "CONT");

    /// <summary>
    /// Kills (SIGKILL) the process tree, leaves first and without stopping anything first.
    /// <c>Process.Kill(entireProcessTree: true)</c> stops the root (SIGSTOP), lists every process of the machine to find
    /// its children, then kills: a test host that ended in between (its exit handlers cut short) left the root stopped
    /// for good, and a stopped <c>azurite/start.sh</c> never notices that the process it watches is gone, so its Azurite
    /// ran on. Killed leaves first, whatever is left when this is cut short still runs, and the script's watch stops its
    /// Azurite.
    /// </summary>
    public static void Kill(int processId)
    {
        foreach (var id in Enumerable.Reverse(Tree(processId)))
        {
            try
            {
                using var process = Process.GetProcessById(id);
                process.Kill();
            }
            catch (Exception e) when (e is ArgumentException or InvalidOperationException)
            {
                // Exited since the tree was listed.
            }
        }
    }

    /// <summary>CPU time (user and system) the process tree has used so far; processes that ended meanwhile are skipped.</summary>
    public static TimeSpan CpuTime(int processId)
    {
        var total = TimeSpan.Zero;
        foreach (var id in Tree(processId))
        {
            try
            {
                using var process = Process.GetProcessById(id);
                total += process.TotalProcessorTime;
            }
            catch (Exception e) when (e is ArgumentException or InvalidOperationException)
            {
                // Gone between listing and reading.
            }
        }

        return total;
    }

    /// <summary>Asks the process and its descendants to stop (SIGTERM), as a supervisor or Ctrl+C does.</summary>
    public static void Terminate(int processId) => Signal(processId, "TERM");

    private static void Signal(int processId, string signal)
    {
        foreach (var id in Tree(processId))
        {
            using var kill = Process.Start(new ProcessStartInfo("kill", ["-" + signal, id.ToString(CultureInfo.InvariantCulture)]) { UseShellExecute = false })!;
            kill.WaitForExit();
        }
    }

    /// <summary>The process and all its descendants, root first.</summary>
    public static List<int> Tree(int root)
    {
        var all = new List<int> { root };
        for (var i = 0; i < all.Count; i++)
        {
            var tasks = $"/proc/{all[i]}/task";
            if (!Directory.Exists(tasks))
            {
                continue;
            }

            foreach (var task in Directory.EnumerateDirectories(tasks))
            {
                var children = Path.Combine(task, "children");
                if (File.Exists(children))
                {
                    all.AddRange(File.ReadAllText(children).Split(' ', StringSplitOptions.RemoveEmptyEntries).Select(c => int.Parse(c, CultureInfo.InvariantCulture)));
                }
            }
        }

        return all;
    }
}
