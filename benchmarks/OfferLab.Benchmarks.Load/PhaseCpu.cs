namespace OfferLab.Benchmarks.Load;

/// <summary>
/// CPU time the server and Azurite (each with its child processes) used for one phase: over its measured window, and
/// over the whole phase with its deferred work (from its warm-up until the journal segments holding its records were
/// checkpointed; <see cref="Settle"/> is that last wait, null if it timed out). <see cref="Generator"/> is the load
/// generator's CPU over the window, <see cref="Machine"/> the whole machine's busy, idle and stolen shares over it.
/// </summary>
internal sealed record PhaseCpu(
    TimeSpan Server, TimeSpan Azurite, TimeSpan Generator, long Requests, TimeSpan ServerWhole, TimeSpan AzuriteWhole, long RequestsWhole, TimeSpan? Settle, MachineShare Machine)
{
    public double ServerMicrosecondsPerRequest => PerRequest(Server, Requests);

    public double AzuriteMicrosecondsPerRequest => PerRequest(Azurite, Requests);

    public double GeneratorMicrosecondsPerRequest => PerRequest(Generator, Requests);

    public double ServerWholeMicrosecondsPerRequest => PerRequest(ServerWhole, RequestsWhole);

    public double AzuriteWholeMicrosecondsPerRequest => PerRequest(AzuriteWhole, RequestsWhole);

    /// <summary>
    /// The rate the machine would sustain with the phase's deferred checkpoint work done alongside: the measured rate
    /// scaled by the CPU per request of the window (server, Azurite, generator) over that of the whole phase. That holds
    /// when the window saturated the cores, so that the rate is inversely proportional to the CPU a request takes. When
    /// the window left some idle (<see cref="Machine"/>; new sessions at 64 connections leave about a fifth, waiting on
    /// the journal's group commit), the checkpoint's work could partly run in that idle time, and the figure is a lower
    /// bound: the held phase measures the rate with the checkpoints inside.
    /// </summary>
    public double Sustained(double measuredPerSecond)
    {
        var window = ServerMicrosecondsPerRequest + AzuriteMicrosecondsPerRequest + GeneratorMicrosecondsPerRequest;
        var whole = ServerWholeMicrosecondsPerRequest + AzuriteWholeMicrosecondsPerRequest + GeneratorMicrosecondsPerRequest;
        return whole > window ? measuredPerSecond * window / whole : measuredPerSecond;
    }

    private static double PerRequest(TimeSpan cpu, long requests) => requests > 0 ? cpu.TotalMicroseconds / requests : 0;
}
