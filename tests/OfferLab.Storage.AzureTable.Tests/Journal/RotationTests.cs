using System.Collections.Concurrent;
using Microsoft.Extensions.Time.Testing;
using OfferLab.Storage.AzureTable.Journal;

namespace OfferLab.Storage.AzureTable.Tests.Journal;

public sealed class RotationTests
{
    private static readonly TimeSpan Guard = TimeSpan.FromSeconds(30);
    private readonly string _table = TestJournals.UniqueTable("journalrotation");

    [Fact]
    public async Task A_full_segment_is_closed_and_announced_only_after_its_appends_completed()
    {
        await using var journal = await TestJournals.OpenAsync(_table, configure: o => (o.SegmentMaxEntries, o.MaxBatchSize) = (10, 4));
        var first = journal.CurrentSegment;
        var appends = new Task<JournalPosition>[25];
        var closed = new ConcurrentQueue<(string Segment, Task<JournalPosition>[] Unfinished, int Stored)>();
        var bothClosed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        journal.SegmentClosed += async segment =>
        {
            var unfinished = appends.Where(a => !a.IsCompleted).ToArray();
            closed.Enqueue((segment, unfinished, (await journal.ReadAllAsync(segment)).Count));
            if (closed.Count == 2)
            {
                bothClosed.SetResult();
            }
        };

        for (var i = 0; i < appends.Length; i++)
        {
            appends[i] = journal.AppendAsync(TestJournals.Entry(i));
        }

        var positions = await Task.WhenAll(appends);
        await bothClosed.Task.WaitAsync(Guard);

        var segments = positions.Select(p => p.Segment).Distinct().ToList();
        Assert.Equal(3, segments.Count);
        Assert.Equal(first, segments[0]);
        Assert.Equal(segments.Order(StringComparer.Ordinal), segments);
        // Arrival order is kept across the segment boundaries: append i is entry i % 10 of segment i / 10.
        Assert.Equal(Enumerable.Range(0, 25).Select(i => new JournalPosition(segments[i / 10], i % 10)), positions);
        Assert.Equal(segments[..2], closed.Select(c => c.Segment));
        Assert.Equal(segments[2], journal.CurrentSegment);
        foreach (var (segment, unfinished, stored) in closed)
        {
            Assert.Equal(10, stored);
            Assert.DoesNotContain(unfinished, a => a.Result.Segment == segment);
        }
    }

    [Fact]
    public async Task A_segment_holding_entries_is_closed_at_its_maximum_age_on_the_fake_clock()
    {
        var time = new FakeTimeProvider(TestJournals.Start);
        await using var journal = await TestJournals.OpenAsync(_table, time, o => o.SegmentMaxAge = TimeSpan.FromSeconds(30));
        var first = journal.CurrentSegment;
        var announced = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
        journal.SegmentClosed += segment =>
        {
            announced.TrySetResult(segment);
            return Task.CompletedTask;
        };

        // Empty at its first deadline, the segment stays open rather than piling up empty segments.
        time.Advance(TimeSpan.FromSeconds(30));
        await Task.WhenAll(Enumerable.Range(0, 3).Select(i => journal.AppendAsync(TestJournals.Entry(i))));
        time.Advance(TimeSpan.FromSeconds(29));
        Assert.False(announced.Task.IsCompleted);
        time.Advance(TimeSpan.FromSeconds(1));
        var closed = await announced.Task.WaitAsync(Guard);

        Assert.Equal(first, closed);
        Assert.NotEqual(first, journal.CurrentSegment);
        Assert.Equal(3, (await journal.ReadAllAsync(closed)).Count);
        Assert.Equal([first, journal.CurrentSegment], await journal.ListUnflushedSegmentsAsync());
    }

    [Fact]
    public async Task A_clock_that_moves_on_during_the_age_check_neither_stops_the_timer_nor_crashes_it()
    {
        // The timer fires a little early by the wall clock, and the thread is then held up (a garbage collection):
        // the first reading of the clock is before the deadline, any later one well after it.
        var fake = new FakeTimeProvider(TestJournals.Start);
        var clock = new SkewedClock(fake);
        var options = await TestJournals.OptionsAsync(_table, o => (o.JournalId, o.SegmentMaxAge) = ("skewed", TimeSpan.FromSeconds(30)));
        await using var journal = new AzureTableEventJournal(options, clock, Microsoft.Extensions.Logging.Abstractions.NullLogger<AzureTableEventJournal>.Instance);
        await journal.InitializeAsync(CancellationToken.None);
        var first = journal.CurrentSegment;
        var announced = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
        journal.SegmentClosed += segment =>
        {
            announced.TrySetResult(segment);
            return Task.CompletedTask;
        };
        await journal.AppendAsync(TestJournals.Entry(0));

        clock.Skews.Enqueue(TimeSpan.FromMilliseconds(-2));
        clock.Skews.Enqueue(TimeSpan.FromMilliseconds(10));
        fake.Advance(TimeSpan.FromSeconds(30));
        Assert.False(announced.Task.IsCompleted);
        fake.Advance(TimeSpan.FromMilliseconds(2));

        Assert.Equal(first, await announced.Task.WaitAsync(Guard));
        Assert.NotEqual(first, journal.CurrentSegment);
    }

    /// <summary>A fake clock whose next readings are off by the queued amounts; its timers run on the fake clock.</summary>
    private sealed class SkewedClock(FakeTimeProvider fake) : TimeProvider
    {
        public ConcurrentQueue<TimeSpan> Skews { get; } = new();

        public override TimeZoneInfo LocalTimeZone => fake.LocalTimeZone;

        public override long TimestampFrequency => fake.TimestampFrequency;

        public override DateTimeOffset GetUtcNow() => fake.GetUtcNow() + (Skews.TryDequeue(out var skew) ? skew : TimeSpan.Zero);

        public override long GetTimestamp() => fake.GetTimestamp();

        public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period) =>
            fake.CreateTimer(callback, state, dueTime, period);
    }

    [Fact]
    public async Task RotateAsync_returns_only_after_every_append_to_the_closed_segment_completed()
    {
        await using var journal = await TestJournals.OpenAsync(_table, configure: o => o.JournalId = "rotate-waits");
        var first = journal.CurrentSegment;
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        // The three appends may be cut into one transaction or several; the rotation waits until all of them are
        // numbered in the first segment (held), else an append still queued would rightly go to the next segment.
        var heldEntries = 0;
        var allHeld = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        journal.BeforeTransaction = async (segment, entries) =>
        {
            if (segment == first)
            {
                if (Interlocked.Add(ref heldEntries, entries) == 3)
                {
                    allHeld.TrySetResult();
                }

                await release.Task;
            }
        };
        try
        {
            var appends = Enumerable.Range(0, 3).Select(i => journal.AppendAsync(TestJournals.Entry(i))).ToArray();
            await allHeld.Task.WaitAsync(Guard);

            var rotating = journal.RotateAsync();
            await UntilAsync(() => journal.CurrentSegment != first);
            var after = await journal.AppendAsync(TestJournals.Entry(3)).WaitAsync(Guard);

            // The new segment already takes appends, but the old one's transactions are still in flight.
            Assert.False(rotating.IsCompleted);
            Assert.Equal(new JournalPosition(journal.CurrentSegment, 0), after);
            release.SetResult();
            var closed = await rotating.WaitAsync(Guard);
            Assert.All(appends, a => Assert.True(a.IsCompletedSuccessfully));
            Assert.Equal(first, closed);
            Assert.All(appends, a => Assert.Equal(closed, a.Result.Segment));
            Assert.Equal(3, (await journal.ReadAllAsync(closed)).Count);
        }
        finally
        {
            // A failed assertion must not leave the held transactions, and with them the journal's disposal, waiting forever.
            release.TrySetResult();
        }
    }

    [Fact]
    public async Task A_rotation_by_hand_is_not_announced_and_an_empty_segment_can_be_rotated()
    {
        await using var journal = await TestJournals.OpenAsync(_table, configure: o => o.JournalId = "by-hand");
        var announced = 0;
        journal.SegmentClosed += _ =>
        {
            Interlocked.Increment(ref announced);
            return Task.CompletedTask;
        };
        var first = journal.CurrentSegment;

        var closed = await journal.RotateAsync();

        Assert.Equal(first, closed);
        Assert.Empty(await journal.ReadAllAsync(closed));
        Assert.Equal([first, journal.CurrentSegment], await journal.ListUnflushedSegmentsAsync());
        Assert.Equal(0, announced);
    }

    /// <summary>Yields until a condition holds (a barrier on the journal's own state), failing after the guard time.</summary>
    private static async Task UntilAsync(Func<bool> condition)
    {
        var deadline = DateTime.UtcNow + Guard;
        while (!condition())
        {
            Assert.True(DateTime.UtcNow < deadline, "condition not reached");
            await Task.Yield();
        }
    }
}
