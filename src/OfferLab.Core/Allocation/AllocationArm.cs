namespace OfferLab.Core.Allocation;

/// <summary>One arm as the allocator sees it: its conversion evidence and whether it still receives traffic.</summary>
/// <param name="Successes">Accepts (or any binary success) counted for the arm.</param>
/// <param name="Trials">Exposures of the arm.</param>
/// <param name="Active">False once the arm is retired (or removed); retired arms get weight 0.</param>
public readonly record struct AllocationArm(long Successes, long Trials, bool Active = true)
{
    /// <summary>The arm's evidence as a Beta posterior input.</summary>
    public BetaArm Evidence => new(Successes, Trials);
}
