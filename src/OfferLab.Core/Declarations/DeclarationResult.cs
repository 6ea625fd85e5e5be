namespace OfferLab.Core.Declarations;

/// <summary>
/// The outcome of parsing one declaration: the declaration when it is valid, otherwise every error found
/// (never only the first), in file order.
/// </summary>
public sealed record DeclarationResult(ExperimentDeclaration? Declaration, IReadOnlyList<DeclarationError> Errors)
{
    /// <summary>True when there is a declaration and no error.</summary>
    public bool IsValid => Declaration is not null && Errors.Count == 0;
}
