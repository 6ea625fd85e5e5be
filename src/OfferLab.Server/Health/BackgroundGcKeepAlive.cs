using System.Runtime;

namespace OfferLab.Server.Health;

/// <summary>
/// Keeps the workstation collector's background-GC thread from retiring while the server allocates. That thread exits
/// after 20 s without a background collection, and the runtime starts a new one for the next; in .NET 10 the
/// collection that starts it checks for the thread before the thread has registered itself, and when it loses that
/// race it runs the whole generation-2 collection blocking, on the thread that triggered it (dotnet/coreclr#26095,
/// fixed for .NET 11 by dotnet/runtime#119383). Under a stream of new customers the lost race was a 190–230 ms pause at
/// ~500 MB held (GC traces of the load benchmark, 2026-12-01); at ~1 GB such a collection takes about a second, which
/// fits the 1.1-s thread-pool stalls earlier runs logged. So while the process allocates, a background collection is asked for whenever none has finished for
/// <see cref="BackgroundGcKeepAliveState.Quiet"/>: the thread is never idle long enough to exit. An idle server
/// (no generation-0 collection either) is left alone, and so is a server collector, whose background threads stay.
/// </summary>
internal sealed class BackgroundGcKeepAlive : BackgroundService
{
    private static readonly TimeSpan Poll = TimeSpan.FromSeconds(1);

    /// <summary>Background collections this service asked for (for the runtime endpoint and the benchmark).</summary>
    public static long Requested => Interlocked.Read(ref _requested);

    private static long _requested;

    /// <summary>Whether this process runs the workstation collector with background collections (the case that needs it).</summary>
    public static bool Applies => !GCSettings.IsServerGC && GCSettings.LatencyMode != GCLatencyMode.Batch;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!Applies)
        {
            return;
        }

        var state = new BackgroundGcKeepAliveState();
        using var timer = new PeriodicTimer(Poll);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            var background = GC.GetGCMemoryInfo(GCKind.Background).Index;
            if (state.ShouldCollect(Environment.TickCount64, background, GC.CollectionCount(0)))
            {
                Interlocked.Increment(ref _requested);
                GC.Collect(GC.MaxGeneration, GCCollectionMode.Forced, blocking: false, compacting: false);
            }
        }
    }
}

/// <summary>
/// When <see cref="BackgroundGcKeepAlive"/> asks for a background collection: a background collection has run before
/// (its thread exists), none has finished for <see cref="Quiet"/>, and the process is allocating (a generation-0
/// collection within that time). Times are milliseconds of a monotonic clock.
/// </summary>
internal sealed class BackgroundGcKeepAliveState
{
    /// <summary>How long without a background collection before one is asked for: under the runtime's 20-s idle exit.</summary>
    public static readonly TimeSpan Quiet = TimeSpan.FromSeconds(15);

    private long _backgroundIndex;
    private long _backgroundAt;
    private int _gen0Count = -1;
    private long _gen0At;

    /// <param name="now">Now, in milliseconds.</param>
    /// <param name="backgroundIndex">Index of the last background collection that finished (0: none yet).</param>
    /// <param name="gen0Count">Generation-0 collections so far.</param>
    public bool ShouldCollect(long now, long backgroundIndex, int gen0Count)
    {
        if (backgroundIndex != _backgroundIndex)
        {
            _backgroundIndex = backgroundIndex;
            _backgroundAt = now;
        }

        if (gen0Count != _gen0Count)
        {
            _gen0Count = gen0Count;
            _gen0At = now;
        }

        var quiet = (long)Quiet.TotalMilliseconds;
        if (_backgroundIndex == 0 || now - _backgroundAt < quiet || now - _gen0At >= quiet)
        {
            return false;
        }

        // Asked for now: the next is due a quiet period later, even if this one has not finished by the next poll.
        _backgroundAt = now;
        return true;
    }
}
