using System.Diagnostics;
using OfferLab.Testing;

namespace OfferLab.Server.Tests.Hosting;

/// <summary>
/// <c>azurite/start.sh</c> stops Azurite on SIGTERM and when the process it watches ends; a script killed outright
/// (SIGKILL, as a test host torn down mid-dispose does) runs neither, and its Node process must not outlive it.
/// </summary>
public sealed class AzuriteProcessTests
{
    [Fact]
    public async Task Azurite_dies_with_its_start_script_even_when_the_script_is_killed_outright()
    {
        await using var azurite = await Azurite.StartAsync();
        var node = ProcessTree.Tree(azurite.ProcessId).Single(id => CommandLine(id).Contains("azurite.js", StringComparison.Ordinal));

        using (var script = Process.GetProcessById(azurite.ProcessId))
        {
            script.Kill(entireProcessTree: false);
        }

        try
        {
            var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(10);
            while (IsRunning(node))
            {
                Assert.True(DateTime.UtcNow < deadline, $"Azurite (pid {node}) outlived its start script.");
                await Task.Delay(100);
            }
        }
        finally
        {
            // A survivor would hold the script's output open, and disposing would wait for it forever.
            if (IsRunning(node))
            {
                using var survivor = Process.GetProcessById(node);
                survivor.Kill();
            }
        }
    }

    /// <summary>The process's command line, or nothing once it is gone (the watch loop's <c>sleep</c> comes and goes).</summary>
    private static string CommandLine(int id)
    {
        try
        {
            return File.ReadAllText($"/proc/{id}/cmdline");
        }
        catch (IOException)
        {
            return "";
        }
    }

    /// <summary>Running, not ended: a killed process stays a zombie until it is reaped.</summary>
    private static bool IsRunning(int id)
    {
        try
        {
            var stat = File.ReadAllText($"/proc/{id}/stat");
            return stat[(stat.LastIndexOf(')') + 2)..][0] is not ('Z' or 'X');
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return false;
        }
    }
}
