namespace OfferLab.Core.Declarations;

/// <summary>
/// What applying a proposed declaration over the current one would do: human-readable <see cref="Changes"/>
/// (<c>allocation.floor: 0.01 → 0.02</c>) and the <see cref="Refusals"/> that forbid it. Apply only when there
/// are no refusals.
/// </summary>
public sealed record DeclarationChangeSet(IReadOnlyList<string> Changes, IReadOnlyList<DeclarationError> Refusals)
{
    /// <summary>True when the proposed declaration differs from the current one.</summary>
    public bool HasChanges => Changes.Count > 0;

    /// <summary>True when the change may be applied.</summary>
    public bool IsAllowed => Refusals.Count == 0;
}
