using System.Globalization;

namespace OfferLab.Testing;

/// <summary>
/// A Redis server of its own on 127.0.0.1, for a cluster's membership (Orleans' Redis clustering): Debian's
/// redis-server, installed with apt-get when missing, nothing saved to disk. A watcher stops it if this test process
/// dies, so nothing is left behind.
/// </summary>
public sealed class Redis : IAsyncDisposable
{
    private readonly ChildProcess _process;

    private Redis(ChildProcess process, int port) => (_process, Port) = (process, port);

    public int Port { get; }

    /// <summary>The server as StackExchange.Redis (and <c>OfferLab:Silo:Redis</c>) reads it.</summary>
    public string Configuration => $"127.0.0.1:{Port.ToString(CultureInfo.InvariantCulture)}";

    public static async Task<Redis> StartAsync()
    {
        var server = await DebianPackage.EnsureInstalledAsync("/usr/bin/redis-server", "redis-server");
        var port = LoopbackPorts.Unused()[0];
        // The shell (one thread) is redis' parent, so setpriv's parent-death signal fires when the shell goes, and the
        // shell goes when this process does.
        var watcher = Environment.ProcessId.ToString(CultureInfo.InvariantCulture);
        var script = $"""
            setpriv --pdeathsig KILL {server} --bind 127.0.0.1 --port {port} --save '' --appendonly no --protected-mode no &
            redis=$!
            trap 'kill $redis 2>/dev/null; wait $redis; exit 0' TERM INT
            while kill -0 {watcher} 2>/dev/null && kill -0 $redis 2>/dev/null; do sleep 1; done
            kill $redis 2>/dev/null; wait $redis
            """;
        var process = ChildProcess.Start("bash", ["-c", script]);
        try
        {
            await process.WaitForLineAsync("Ready to accept connections", TimeSpan.FromSeconds(30));
            return new Redis(process, port);
        }
        catch
        {
            await process.DisposeAsync();
            throw;
        }
    }

    public ValueTask DisposeAsync() => _process.DisposeAsync();
}
