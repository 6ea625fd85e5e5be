using OfferLab.Server.Health;

namespace OfferLab.Server.Tests.Health;

/// <summary>
/// When the keep-alive asks for a background collection: only once a background collection has run, only after a
/// quiet period without one, only while the process allocates, and once per quiet period.
/// </summary>
public sealed class BackgroundGcKeepAliveTests
{
    private static readonly long Quiet = (long)BackgroundGcKeepAliveState.Quiet.TotalMilliseconds;

    [Fact]
    public void Nothing_is_asked_for_before_the_first_background_collection()
    {
        var state = new BackgroundGcKeepAliveState();
        for (var second = 0; second <= 60; second++)
        {
            Assert.False(state.ShouldCollect(second * 1000L, backgroundIndex: 0, gen0Count: second));
        }
    }

    [Fact]
    public void A_collection_is_asked_for_once_a_quiet_period_passes_without_one_while_the_process_allocates()
    {
        var state = new BackgroundGcKeepAliveState();
        Assert.False(state.ShouldCollect(0, backgroundIndex: 7, gen0Count: 100));
        Assert.False(state.ShouldCollect(Quiet - 1, backgroundIndex: 7, gen0Count: 140));
        Assert.True(state.ShouldCollect(Quiet, backgroundIndex: 7, gen0Count: 141));

        // The one asked for has not finished yet: not asked for again until another quiet period has passed.
        Assert.False(state.ShouldCollect(Quiet + 1000, backgroundIndex: 7, gen0Count: 150));
        Assert.False(state.ShouldCollect(2 * Quiet - 1, backgroundIndex: 7, gen0Count: 160));
        Assert.True(state.ShouldCollect(2 * Quiet, backgroundIndex: 7, gen0Count: 161));
    }

    [Fact]
    public void A_background_collection_of_the_runtimes_own_restarts_the_quiet_period()
    {
        var state = new BackgroundGcKeepAliveState();
        Assert.False(state.ShouldCollect(0, backgroundIndex: 7, gen0Count: 100));
        Assert.False(state.ShouldCollect(10_000, backgroundIndex: 9, gen0Count: 120));
        Assert.False(state.ShouldCollect(10_000 + Quiet - 1, backgroundIndex: 9, gen0Count: 150));
        Assert.True(state.ShouldCollect(10_000 + Quiet, backgroundIndex: 9, gen0Count: 151));
    }

    [Fact]
    public void An_idle_process_is_left_alone()
    {
        var state = new BackgroundGcKeepAliveState();
        Assert.False(state.ShouldCollect(0, backgroundIndex: 7, gen0Count: 100));

        // No generation-0 collection for a quiet period: the thread may retire, nothing is asked for.
        for (var at = 1000L; at <= 5 * Quiet; at += 1000)
        {
            Assert.False(state.ShouldCollect(at, backgroundIndex: 7, gen0Count: 100));
        }

        // Allocating again: asked for at once, the last background collection being long past.
        Assert.True(state.ShouldCollect(5 * Quiet + 1000, backgroundIndex: 7, gen0Count: 101));
    }
}
