namespace OfferLab.Core.Declarations;

/// <summary>When arms are retired and when the experiment ends.</summary>
/// <param name="Alpha">Error budget for retiring an arm that is in truth not worse, in (0, 0.5) (default 0.05).</param>
/// <param name="MinExposures">Exposures an arm needs before it can be retired (default 500).</param>
/// <param name="RetireLosers">Whether losing arms are retired automatically (default true).</param>
/// <param name="Margin">Retire only arms worse than the best by more than this, in metric units (default 0.0).</param>
/// <param name="MaxDuration">The experiment concludes after this long (default 30d).</param>
public sealed record StoppingSettings(double Alpha, int MinExposures, bool RetireLosers, double Margin, TimeSpan MaxDuration)
{
    public static StoppingSettings Default { get; } = new(0.05, 500, true, 0.0, TimeSpan.FromDays(30));
}
