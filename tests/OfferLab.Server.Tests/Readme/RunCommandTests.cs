using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text.Json;
using OfferLab.Testing;

namespace OfferLab.Server.Tests.Readme;

/// <summary>The README's run command, run as a newcomer would: it must bring everything up and take it all down.</summary>
public sealed class RunCommandTests
{
    [Fact]
    public async Task Run_sh_starts_azurite_and_a_ready_server_with_the_examples_and_stops_both_on_sigterm()
    {
        var data = Directory.CreateTempSubdirectory("offerlab-run-");
        // Chosen ports, not port 0: run.sh prints its URLs and must know them before Azurite and the server start.
        var ports = LoopbackPorts.Unused(3);
        var port = ports[0];
        var environment = new Dictionary<string, string?>
        {
            ["OFFERLAB_PORT"] = port.ToString(CultureInfo.InvariantCulture),
            ["AZURITE_TABLE_PORT"] = ports[1].ToString(CultureInfo.InvariantCulture),
            ["AZURITE_BLOB_PORT"] = ports[2].ToString(CultureInfo.InvariantCulture),
            ["AZURITE_LOCATION"] = Path.Combine(data.FullName, "azurite"),
            // The silo ports too, so a developer's own ./run.sh does not collide with this one.
            ["OfferLab__Silo__SiloPort"] = "0",
            ["OfferLab__Silo__GatewayPort"] = "0",
        };
        await using var run = ChildProcess.Start("bash", [Path.Combine(RepositoryPaths.Root, "run.sh")], environment);
        try
        {
            await run.WaitForLineAsync("Now listening on: http://127.0.0.1:" + port, TimeSpan.FromMinutes(4));
            Assert.Contains("dev-analyst-key-00000000000000000", run.Output, StringComparison.Ordinal);

            using var client = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}") };
            using var ready = await client.GetAsync(new Uri("/health/ready", UriKind.Relative));
            Assert.Equal(HttpStatusCode.OK, ready.StatusCode);

            client.DefaultRequestHeaders.Authorization = new("Bearer", "dev-analyst-key-00000000000000000");
            using var list = JsonDocument.Parse(await client.GetStringAsync(new Uri("/v1/experiments", UriKind.Relative)));
            var loaded = list.RootElement.GetProperty("experiments").EnumerateArray().Select(e => e.GetProperty("id").GetString()).ToHashSet();
            var examples = Directory.GetFiles(Path.Combine(RepositoryPaths.Root, "experiments"), "*.yaml").Select(Path.GetFileNameWithoutExtension);
            Assert.All(examples, id => Assert.Contains(id, loaded));

            // Ctrl+C in a terminal; SIGTERM from a supervisor. Either must take Azurite down with the server.
            using (var term = Process.Start("kill", ["-TERM", run.Id.ToString(CultureInfo.InvariantCulture)]))
            {
                await term.WaitForExitAsync();
            }

            Assert.Equal(130, await run.WaitForExitAsync(TimeSpan.FromSeconds(60)));
            Assert.False(IsListening(port), "the server still listens after run.sh stopped");
            Assert.False(IsListening(int.Parse(environment["AZURITE_TABLE_PORT"]!, CultureInfo.InvariantCulture)), "Azurite still listens after run.sh stopped");
        }
        finally
        {
            await run.KillAsync();
            data.Delete(recursive: true);
        }
    }

    private static bool IsListening(int port)
    {
        using var socket = new TcpClient();
        try
        {
            socket.Connect(IPAddress.Loopback, port);
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }
}
