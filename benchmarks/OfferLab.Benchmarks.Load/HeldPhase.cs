namespace OfferLab.Benchmarks.Load;

/// <summary>
/// New sessions held at saturation across checkpoints: what the window measured, the CPU it took (checkpoints
/// included, as they ran inside it) and what it cost the server's collector (the window is the whole phase).
/// </summary>
internal sealed record HeldPhase(PhaseResult Result, PhaseCpu Cpu, PhaseGarbage Garbage)
{
    /// <summary>The server's Assignment:CheckpointInterval (its default: the benchmark does not change it).</summary>
    public static readonly TimeSpan CheckpointInterval = TimeSpan.FromSeconds(30);

    /// <summary>True when the window held two checkpoint intervals or more, so checkpoints ran inside it.</summary>
    public bool SpansCheckpoints => Result.Seconds >= 2 * CheckpointInterval.TotalSeconds;
}
