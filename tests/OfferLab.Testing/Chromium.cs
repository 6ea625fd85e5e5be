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

    /// <summary>The browser's path, installing it first if needed (needs root and apt-get).</summary>
    public static Task<string> EnsureInstalledAsync() => DebianPackage.EnsureInstalledAsync(Executable, "chromium");
}
