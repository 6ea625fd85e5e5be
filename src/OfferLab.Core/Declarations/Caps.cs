namespace OfferLab.Core.Declarations;

/// <summary>Limits that protect the customer from offer fatigue.</summary>
/// <param name="PerCustomerPerDay">Offers of this experiment one customer may see per day (default 3).</param>
/// <param name="SuppressAfterDecline">After this many declines of an offer, stop showing it to that customer (default 2).</param>
public sealed record Caps(int PerCustomerPerDay, int SuppressAfterDecline)
{
    public static Caps Default { get; } = new(3, 2);
}
