using System.Buffers;

namespace OfferLab.Storage.AzureTable.Entities;

/// <summary>
/// A byte buffer kept per thread for work that is copied out before it returns (a state serialized into its blob, a
/// journal transaction packed into its chunks): thousands of such writes would otherwise each leave a growing buffer
/// behind. A buffer is taken (the thread's, or a new one when another use on this thread holds it) and given back empty.
/// </summary>
internal static class ThreadBuffer
{
    /// <summary>The largest buffer a thread keeps; one grown past it for an unusually large write is let go.</summary>
    public const int KeptBytes = 256 * 1024;

    [ThreadStatic]
    private static ArrayBufferWriter<byte>? t_buffer;

    public static ArrayBufferWriter<byte> Take()
    {
        var buffer = t_buffer ?? new ArrayBufferWriter<byte>(16 * 1024);
        t_buffer = null;
        return buffer;
    }

    public static void Give(ArrayBufferWriter<byte> buffer)
    {
        if (buffer.Capacity <= KeptBytes)
        {
            buffer.ResetWrittenCount();
            t_buffer = buffer;
        }
    }
}
