namespace OfferLab.Benchmarks.Load;

/// <summary>
/// What one phase measured. <see cref="Checked"/> responses (a regular sample) were compared with the phase's
/// expected answer; <see cref="FirstMismatch"/> shows the first that differed.
/// </summary>
internal sealed record PhaseResult(
    long Requests,
    double Seconds,
    double P50Milliseconds,
    double P99Milliseconds,
    long Non2xx,
    long Status5xx,
    long SocketErrors,
    long Checked,
    long Mismatched,
    string? FirstMismatch)
{
    public double RequestsPerSecond => Seconds > 0 ? Requests / Seconds : 0;
}
