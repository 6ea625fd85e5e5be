namespace OfferLab.Core.Declarations;

/// <summary>
/// One problem in a declaration, located at a 1-based line and column of <see cref="File"/> and named by its key
/// path (<c>variants[1].offer.price</c>, <c>allocation.weights.fries</c>). Problems of the file as a whole
/// (empty, too large, not text, not YAML) use the path <c>(file)</c>; when they have no better position they sit at 1:1.
/// </summary>
public sealed record DeclarationError(string File, int Line, int Column, string Path, string Message)
{
    /// <summary>The path used for problems of the file as a whole.</summary>
    public const string FilePath = "(file)";

    /// <summary>Exactly <c>file:line:col: key.path: message</c>, the form <c>offerlab validate</c> prints.</summary>
    public override string ToString() => $"{File}:{Line}:{Column}: {Path}: {Message}";
}
