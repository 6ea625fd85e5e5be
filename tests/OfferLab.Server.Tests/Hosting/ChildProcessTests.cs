using OfferLab.Testing;

namespace OfferLab.Server.Tests.Hosting;

/// <summary>
/// The harness every process test stands on: a process that exits before printing what a test waits for must
/// leave all of its output in the failure, or a start-up error (a bad configuration, a taken port) reaches
/// the test half-read.
/// </summary>
public sealed class ChildProcessTests
{
    [Fact]
    public async Task A_process_that_exits_first_leaves_every_line_it_printed_in_the_failure()
    {
        // Many lines on both streams, written just before the exit: the exit is seen before the reader has them.
        const string script = "i=0; while [ $i -lt 200 ]; do echo \"out $i\"; echo \"err $i\" >&2; i=$((i+1)); done; exit 3";
        for (var attempt = 0; attempt < 20; attempt++)
        {
            await using var process = ChildProcess.Start("sh", ["-c", script]);

            var error = await Assert.ThrowsAsync<InvalidOperationException>(() => process.WaitForLineAsync("never printed", TimeSpan.FromSeconds(30)));

            Assert.Contains("exited with code 3", error.Message, StringComparison.Ordinal);
            Assert.Contains("out 199", error.Message, StringComparison.Ordinal);
            Assert.Contains("err 199", error.Message, StringComparison.Ordinal);
        }
    }
}
