using System.Globalization;
using System.Net;

namespace OfferLab.Testing;

/// <summary>
/// The real OfferLab server as a separate process on 127.0.0.1 (a free port), against a given Azurite.
/// It can be killed hard and started again on the same storage, as a crash would.
/// </summary>
public sealed class ServerProcess : IAsyncDisposable
{
    private readonly Dictionary<string, string?> _environment;
    private ChildProcess _process;

    private ServerProcess(ChildProcess process, Dictionary<string, string?> environment, Uri baseAddress)
    {
        _process = process;
        _environment = environment;
        BaseAddress = baseAddress;
    }

    public Uri BaseAddress { get; private set; }

    /// <summary>The server's process id (changes on restart), e.g. for reading its memory from <c>/proc</c>.</summary>
    public int ProcessId => _process.Id;

    /// <summary>What the server printed so far, for failure messages.</summary>
    public string Output => _process.Output;

    /// <summary>
    /// Starts a server with its own table in <paramref name="azurite"/>, the test keys of every role, and
    /// any further configuration (keys as in environment variables, e.g. <c>OfferLab__Silo__ClusterId</c>).
    /// </summary>
    public static async Task<ServerProcess> StartAsync(Azurite azurite, IDictionary<string, string?>? settings = null, bool waitUntilReady = true)
    {
        var environment = new Dictionary<string, string?>
        {
            ["ASPNETCORE_ENVIRONMENT"] = "Testing",
            ["ASPNETCORE_URLS"] = "http://127.0.0.1:0",
            ["DOTNET_NOLOGO"] = "1",
            ["OfferLab__Storage__ConnectionString"] = azurite.ConnectionString,
            ["OfferLab__Storage__TableName"] = "t" + Guid.NewGuid().ToString("N"),
            ["OfferLab__Silo__SiloPort"] = "0",
            ["OfferLab__Silo__GatewayPort"] = "0",
            ["OfferLab__Silo__ClusterId"] = "test-" + Guid.NewGuid().ToString("N")[..8],
            ["OfferLab__Tokens__SigningKey"] = TestKeys.TokenSigningKey,
        };
        var i = 0;
        foreach (var (name, key, role) in TestKeys.All)
        {
            var index = (i++).ToString(CultureInfo.InvariantCulture);
            environment[$"OfferLab__ApiKeys__{index}__Name"] = name;
            environment[$"OfferLab__ApiKeys__{index}__Key"] = key;
            environment[$"OfferLab__ApiKeys__{index}__Role"] = role;
        }

        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
        {
            environment[key] = value;
        }

        var (process, address) = await LaunchAsync(environment, waitUntilReady);
        return new ServerProcess(process, environment, address);
    }

    /// <summary>A client for this server, with a bearer key if given.</summary>
    public HttpClient CreateClient(string? key = null)
    {
        var client = new HttpClient { BaseAddress = BaseAddress, Timeout = TimeSpan.FromSeconds(30) };
        if (key is not null)
        {
            client.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", key);
        }

        return client;
    }

    /// <summary>Stops the server gracefully (SIGTERM) and waits for it to exit; gives its exit code.</summary>
    public Task<int> StopAsync()
    {
        ProcessTree.Terminate(_process.Id);
        return _process.WaitForExitAsync(TimeSpan.FromSeconds(90));
    }

    /// <summary>Kills the process at once (no graceful shutdown), as a crash would.</summary>
    public Task KillAsync() => _process.KillAsync();

    /// <summary>Starts the server again on the same storage and configuration (a new port).</summary>
    public async Task RestartAsync()
    {
        await _process.DisposeAsync();
        (_process, BaseAddress) = await LaunchAsync(_environment, waitUntilReady: true);
    }

    public ValueTask DisposeAsync() => _process.DisposeAsync();

    private static async Task<(ChildProcess Process, Uri Address)> LaunchAsync(Dictionary<string, string?> environment, bool waitUntilReady)
    {
        var dll = RepositoryPaths.BuiltAssembly("OfferLab.Server");
        var process = ChildProcess.Start("dotnet", [dll], environment, Path.GetDirectoryName(dll));
        try
        {
            var listening = await process.WaitForLineAsync(@"Now listening on: (http://127\.0\.0\.1:\d+)", TimeSpan.FromSeconds(90));
            var address = new Uri(listening.Groups[1].Value);
            if (waitUntilReady)
            {
                await WaitUntilReadyAsync(process, address);
            }

            return (process, address);
        }
        catch
        {
            await process.DisposeAsync();
            throw;
        }
    }

    private static async Task WaitUntilReadyAsync(ChildProcess process, Uri address)
    {
        using var client = new HttpClient { BaseAddress = address, Timeout = TimeSpan.FromSeconds(5) };
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(60);
        while (true)
        {
            try
            {
                using var response = await client.GetAsync(new Uri("/health/ready", UriKind.Relative));
                if (response.StatusCode == HttpStatusCode.OK)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
                // Not accepting yet.
            }

            if (process.HasExited || DateTime.UtcNow > deadline)
            {
                throw new InvalidOperationException($"The server at {address} did not become ready. Output:\n{process.Output}");
            }

            await Task.Delay(100);
        }
    }
}
