using System.Diagnostics;

namespace OfferLab.Testing;

/// <summary>
/// Debian's chromium for browser tests, installed with apt-get when missing (the test machine's only source of a
/// browser: Playwright's own download does not work here). One install at a time across test processes.
/// </summary>
public static class Chromium
{
    /// <summary>Flags that let chromium run headless as root in a container.</summary>
    public static readonly IReadOnlyList<string> Arguments = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-dev-shm-usage"];

    private const string Executable = "/usr/bin/chromium";
    private static readonly SemaphoreSlim Installing = new(1, 1);

    /// <summary>The browser's path, installing it first if needed (needs root and apt-get).</summary>
    public static async Task<string> EnsureInstalledAsync()
    {
        if (File.Exists(Executable))
        {
            return Executable;
        }

        await Installing.WaitAsync();
        try
        {
            if (!File.Exists(Executable))
            {
                // flock: another test process (or a person) may be running apt-get at the same moment.
                await RunAsync("flock", "/tmp/offerlab-apt.lock sh -c \"apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium\"");
            }

            return File.Exists(Executable)
                ? Executable
                : throw new InvalidOperationException($"chromium is not at {Executable} after apt-get install.");
        }
        finally
        {
            Installing.Release();
        }
    }

    private static async Task RunAsync(string program, string arguments)
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
                $"Installing chromium failed (exit {process.ExitCode}); a browser test needs root and apt-get.\n{await output}\n{await error}");
        }
    }
}
