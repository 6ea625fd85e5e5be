namespace OfferLab.Core.Declarations;

/// <summary>Bounds that keep hostile or broken input from costing more than a small, known amount of work.</summary>
public static class DeclarationLimits
{
    /// <summary>Largest accepted file, in UTF-8 bytes (256 KiB; real declarations are a few KiB).</summary>
    public const int MaxBytes = 256 * 1024;

    /// <summary>Deepest accepted nesting of mappings and lists (a declaration needs 4).</summary>
    public const int MaxDepth = 16;
}
