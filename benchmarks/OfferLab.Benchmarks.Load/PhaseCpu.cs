namespace OfferLab.Benchmarks.Load;

/// <summary>
/// CPU time the server and Azurite (each with its child processes) used for one phase: over its measured window, and
/// over the whole phase with its deferred work (from its warm-up until the journal segments holding its records were
/// checkpointed; <see cref="Settle"/> is that last wait, null if it timed out). <see cref="Generator"/> is the load
/// generator's CPU over the window.
/// </summary>
internal sealed record PhaseCpu(TimeSpan Server, TimeSpan Azurite, TimeSpan Generator, long Requests, TimeSpan ServerWhole, TimeSpan AzuriteWhole, long RequestsWhole, TimeSpan? Settle)
{
    public double ServerMicrosecondsPerRequest => PerRequest(Server, Requests);

    public double AzuriteMicrosecondsPerRequest => PerRequest(Azurite, Requests);

    public double GeneratorMicrosecondsPerRequest => PerRequest(Generator, Requests);

    public double ServerWholeMicrosecondsPerRequest => PerRequest(ServerWhole, RequestsWhole);

    public double AzuriteWholeMicrosecondsPerRequest => PerRequest(AzuriteWhole, RequestsWhole);

    /// <summary>
    /// The rate the machine would sustain with the phase's deferred checkpoint work done alongside: the measured rate
    /// scaled by the CPU per request of the window (server, Azurite, generator) over that of the whole phase. The two
    /// cores are saturated during a window, so the rate is inversely proportional to the CPU a request takes.
    /// </summary>
    public double Sustained(double measuredPerSecond)
    {
        var window = ServerMicrosecondsPerRequest + AzuriteMicrosecondsPerRequest + GeneratorMicrosecondsPerRequest;
        var whole = ServerWholeMicrosecondsPerRequest + AzuriteWholeMicrosecondsPerRequest + GeneratorMicrosecondsPerRequest;
        return whole > window ? measuredPerSecond * window / whole : measuredPerSecond;
    }

    private static double PerRequest(TimeSpan cpu, long requests) => requests > 0 ? cpu.TotalMicroseconds / requests : 0;
}
