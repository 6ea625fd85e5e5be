using System.Globalization;

namespace OfferLab.Testing;

/// <summary>
/// A real Azurite, started through <c>azurite/start.sh</c> on free ports with in-memory storage. The
/// script watches this test process and stops Azurite if the process dies, so nothing is left behind.
/// </summary>
public sealed class Azurite : IAsyncDisposable
{
    /// <summary>Azurite's well-known development account key (public, documented by Microsoft).</summary>
    public const string AccountKey = "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==";

    private static readonly SemaphoreSlim SharedGate = new(1, 1);
    private static Azurite? _shared;
    private readonly ChildProcess _process;

    private Azurite(ChildProcess process, int tablePort, int blobPort)
    {
        _process = process;
        TablePort = tablePort;
        BlobPort = blobPort;
    }

    public int TablePort { get; }

    public int BlobPort { get; }

    /// <summary>A connection string for this Azurite's table and blob services.</summary>
    public string ConnectionString =>
        "DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;" +
        $"AccountKey={AccountKey};" +
        $"TableEndpoint=http://127.0.0.1:{TablePort}/devstoreaccount1;" +
        $"BlobEndpoint=http://127.0.0.1:{BlobPort}/devstoreaccount1;";

    /// <summary>One Azurite for this whole test process, started on first use and stopped when the process exits.</summary>
    public static async Task<Azurite> SharedAsync()
    {
        await SharedGate.WaitAsync();
        try
        {
            if (_shared is null)
            {
                _shared = await StartAsync();
                AppDomain.CurrentDomain.ProcessExit += (_, _) => _shared.DisposeAsync().AsTask().GetAwaiter().GetResult();
            }

            return _shared;
        }
        finally
        {
            SharedGate.Release();
        }
    }

    /// <summary>Starts a new Azurite of its own (for tests that stop or restart it).</summary>
    public static async Task<Azurite> StartAsync()
    {
        var script = Path.Combine(RepositoryPaths.Root, "azurite", "start.sh");
        var process = ChildProcess.Start(
            "bash",
            [script, "--table-port", "0", "--blob-port", "0", "--in-memory", "--watch-pid", Environment.ProcessId.ToString(CultureInfo.InvariantCulture)]);
        try
        {
            // The first start on a fresh machine installs Azurite from npm, hence the long wait.
            var table = await process.WaitForLineAsync(@"Table service is successfully listening at http://127\.0\.0\.1:(\d+)", TimeSpan.FromMinutes(5));
            var blob = await process.WaitForLineAsync(@"Blob service is successfully listening at http://127\.0\.0\.1:(\d+)", TimeSpan.FromSeconds(30));
            return new Azurite(process, int.Parse(table.Groups[1].Value, CultureInfo.InvariantCulture), int.Parse(blob.Groups[1].Value, CultureInfo.InvariantCulture));
        }
        catch
        {
            await process.DisposeAsync();
            throw;
        }
    }

    /// <summary>The process Azurite runs under (its script; Node is a child), e.g. for <see cref="ProcessTree.CpuTime"/>.</summary>
    public int ProcessId => _process.Id;

    /// <summary>Freezes this Azurite (SIGSTOP): connections stay open, nothing is answered, like a hung storage service.</summary>
    public void Freeze() => ProcessTree.Freeze(_process.Id);

    /// <summary>Lets a frozen Azurite go on.</summary>
    public void Thaw() => ProcessTree.Thaw(_process.Id);

    public ValueTask DisposeAsync() => _process.DisposeAsync();
}
