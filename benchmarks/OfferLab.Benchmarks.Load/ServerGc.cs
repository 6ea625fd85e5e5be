using System.Buffers.Binary;
using System.Net.Sockets;
using System.Text;

namespace OfferLab.Benchmarks.Load;

/// <summary>
/// Forces a full blocking GC in another .NET process, as dotnet-gcdump does: through the runtime's diagnostic IPC
/// socket, start an EventPipe session with the runtime provider's GCHeapCollect keyword (the runtime answers it
/// with an induced full GC), then stop the session. No heap dump is requested, so the event stream stays small.
/// </summary>
internal static class ServerGc
{
    private const long GcKeyword = 0x1;
    private const long GcHeapCollectKeyword = 0x800000;

    /// <summary>Whether a GC could be forced (false when the process exposes no diagnostic socket).</summary>
    public static async Task<bool> CollectAsync(int processId)
    {
        // Newest first: a process killed hard leaves its socket file behind, and a later process can get the same pid.
        // The live process created its socket after any such leftover (whose process had ended before it started).
        var socketPath = Directory.EnumerateFiles(Path.GetTempPath(), $"dotnet-diagnostic-{processId}-*-socket")
            .OrderByDescending(File.GetLastWriteTimeUtc)
            .FirstOrDefault();
        if (socketPath is null)
        {
            return false;
        }

        using var session = await ConnectAsync(socketPath);
        await session.SendAsync(Message(0x02, 0x03, CollectTracingPayload()));
        var sessionId = BinaryPrimitives.ReadUInt64LittleEndian(await ReadResponseAsync(session));
        // The runtime streams events on this connection until the session stops; drain them so it never blocks.
        var drain = DrainAsync(session);
        using (var control = await ConnectAsync(socketPath))
        {
            var stop = new byte[8];
            BinaryPrimitives.WriteUInt64LittleEndian(stop, sessionId);
            await control.SendAsync(Message(0x02, 0x01, stop));
            await ReadResponseAsync(control);
        }

        await drain.WaitAsync(TimeSpan.FromSeconds(30));
        return true;
    }

    private static byte[] CollectTracingPayload()
    {
        using var payload = new MemoryStream();
        using var writer = new BinaryWriter(payload, Encoding.Unicode);
        writer.Write(16u); // circular buffer, MB
        writer.Write(1u); // format: nettrace
        writer.Write(false); // no rundown
        writer.Write(1u); // one provider
        writer.Write(GcKeyword | GcHeapCollectKeyword);
        writer.Write(4u); // level: informational
        WriteString(writer, "Microsoft-Windows-DotNETRuntime");
        writer.Write(0u); // no filter data
        writer.Flush();
        return payload.ToArray();

        static void WriteString(BinaryWriter writer, string value)
        {
            writer.Write((uint)(value.Length + 1));
            writer.Write(Encoding.Unicode.GetBytes(value + "\0"));
        }
    }

    private static byte[] Message(byte commandSet, byte commandId, byte[] payload)
    {
        var message = new byte[20 + payload.Length];
        Encoding.ASCII.GetBytes("DOTNET_IPC_V1\0").CopyTo(message, 0);
        BinaryPrimitives.WriteUInt16LittleEndian(message.AsSpan(14), (ushort)message.Length);
        message[16] = commandSet;
        message[17] = commandId;
        payload.CopyTo(message, 20);
        return message;
    }

    private static async Task<Socket> ConnectAsync(string path)
    {
        var socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        await socket.ConnectAsync(new UnixDomainSocketEndPoint(path));
        return socket;
    }

    /// <summary>Reads one response; gives its payload, or fails with the runtime's error code.</summary>
    private static async Task<byte[]> ReadResponseAsync(Socket socket)
    {
        var header = await ReadExactlyAsync(socket, 20);
        var payload = await ReadExactlyAsync(socket, BinaryPrimitives.ReadUInt16LittleEndian(header.AsSpan(14)) - 20);
        return header[17] == 0x00
            ? payload
            : throw new InvalidOperationException($"The diagnostic IPC refused the command: 0x{BinaryPrimitives.ReadUInt32LittleEndian(payload):X8}.");
    }

    private static async Task<byte[]> ReadExactlyAsync(Socket socket, int count)
    {
        var buffer = new byte[count];
        for (var read = 0; read < count;)
        {
            var n = await socket.ReceiveAsync(buffer.AsMemory(read));
            read += n > 0 ? n : throw new IOException("The diagnostic IPC closed the connection.");
        }

        return buffer;
    }

    private static async Task DrainAsync(Socket socket)
    {
        var buffer = new byte[64 * 1024];
        while (await socket.ReceiveAsync(buffer) > 0)
        {
        }
    }
}
