namespace OfferLab.Storefront;

/// <summary>What the shoppers did, counted across threads.</summary>
internal sealed class Tally
{
    private long _assigns;
    private long _notServed;
    private long _outcomes;
    private long _errors;
    private string? _firstError;

    public long Assigns => Interlocked.Read(ref _assigns);

    public long Errors => Interlocked.Read(ref _errors);

    public void Assigned() => Interlocked.Increment(ref _assigns);

    public void NotServed() => Interlocked.Increment(ref _notServed);

    public void Outcome() => Interlocked.Increment(ref _outcomes);

    public void Failed(string error)
    {
        Interlocked.Increment(ref _errors);
        Interlocked.CompareExchange(ref _firstError, error, null);
    }

    public override string ToString() =>
        $"{Assigns:N0} offers shown, {Interlocked.Read(ref _notServed):N0} not served, {Interlocked.Read(ref _outcomes):N0} outcomes, {Errors:N0} errors" +
        (_firstError is { } e ? $" (first: {e[..Math.Min(e.Length, 160)]})" : "");
}
