using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace OfferLab.Testing;

/// <summary>
/// Ports on 127.0.0.1 for a child process that must be told its port before it starts (the README's run command,
/// a server that is not there). A port asked of the kernel with port 0 comes from its ephemeral range, and once
/// released the kernel hands it out again to whatever binds port 0 or connects out next: with the test assemblies
/// running side by side (Azurite, servers and silos on port 0, thousands of client connections), one such port was
/// taken between the test choosing it and Azurite binding it. These ports come from below that range instead, where
/// the kernel never hands out a port by itself, and are checked free when chosen.
/// </summary>
public static class LoopbackPorts
{
    private const int Lowest = 20_000;

    /// <summary><paramref name="count"/> distinct ports nothing listens on now and the kernel will not hand out.</summary>
    public static int[] Unused(int count = 1)
    {
        var below = EphemeralRangeStart();
        var chosen = new HashSet<int>();
        for (var attempt = 0; chosen.Count < count; attempt++)
        {
            if (attempt == 1_000)
            {
                throw new InvalidOperationException($"no free port between {Lowest} and {below} after {attempt} tries");
            }

            var port = Random.Shared.Next(Lowest, below);
            if (!chosen.Contains(port) && CanListen(port))
            {
                chosen.Add(port);
            }
        }

        return [.. chosen];
    }

    private static int EphemeralRangeStart()
    {
        // Linux's default is 32768-60999; read it where the kernel says, and keep a sane floor under a changed range.
        const string range = "/proc/sys/net/ipv4/ip_local_port_range";
        if (File.Exists(range)
            && int.TryParse(File.ReadAllText(range).Split((char[])['\t', ' '], StringSplitOptions.RemoveEmptyEntries)[0], NumberStyles.None, CultureInfo.InvariantCulture, out var start)
            && start > Lowest + 1_000)
        {
            return start;
        }

        return 32_768;
    }

    private static bool CanListen(int port)
    {
        try
        {
            using var listener = new TcpListener(IPAddress.Loopback, port);
            listener.Start();
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }
}
