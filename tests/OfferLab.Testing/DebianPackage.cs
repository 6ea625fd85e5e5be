using System.Diagnostics;

namespace OfferLab.Testing;

/// <summary>
/// A program from Debian's packages that a test needs (chromium, redis-server), installed with apt-get when missing:
/// a fresh test machine has only what the tests install. One install at a time across test processes.
/// </summary>
public static class DebianPackage
{
    private static readonly SemaphoreSlim Installing = new(1, 1);

    /// <summary>The path of <paramref name="executable"/>, installing <paramref name="package"/> first if it is not there (needs root and apt-get).</summary>
    public static async Task<string> EnsureInstalledAsync(string executable, string package)
    {
        if (File.Exists(executable))
        {
            return executable;
        }

        await Installing.WaitAsync();
        try
        {
            if (!File.Exists(executable))
            {
                // flock: another test process (or a person) may be running apt-get at the same moment.
                await RunAsync(package, "flock", $"/tmp/offerlab-apt.lock sh -c \"apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq {package}\"");
            }

            return File.Exists(executable)
                ? executable
                : throw new InvalidOperationException($"{executable} is not there after apt-get install {package}.");
        }
        finally
        {
            Installing.Release();
        }
    }

    private static async Task RunAsync(string package, string program, string arguments)
    {
        var start = new ProcessStartInfo(program, arguments) { RedirectStandardOutput = true, RedirectStandardError = true };
        using var process = Process.Start(start) ?? throw new InvalidOperationException($"Could not start {program}.");
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(10));
        await process.WaitForExitAsync(timeout.Token);
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException(
                $"Installing {package} failed (exit {process.ExitCode}); the test needs root and apt-get.\n{await output}\n{await error}");
        }
    }
}
