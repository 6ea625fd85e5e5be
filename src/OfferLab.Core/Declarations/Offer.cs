namespace OfferLab.Core.Declarations;

/// <summary>The product proposed: its SKU, the line shown to the customer, its price and the margin it earns when accepted.</summary>
public sealed record Offer(string Sku, string Title, decimal Price, decimal Margin);
