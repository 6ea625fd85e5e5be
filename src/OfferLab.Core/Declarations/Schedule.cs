namespace OfferLab.Core.Declarations;

/// <summary>When the experiment may run; null ends are open (start: when applied; end: none besides <c>stopping.max_duration</c>).</summary>
public sealed record Schedule(DateTimeOffset? Start, DateTimeOffset? End)
{
    public static Schedule Default { get; } = new(null, null);
}
