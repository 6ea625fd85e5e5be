namespace OfferLab.Grains;

/// <summary>
/// OfferLab's grains read time from a keyed <see cref="TimeProvider"/> of their own, so tests can move the
/// clock of periods, caps and attribution windows without moving the clock Orleans itself runs on
/// (membership, timers), which a frozen fake clock would break.
/// </summary>
public static class GrainClock
{
    public const string Key = "offerlab";
}
