namespace OfferLab.Core.Allocation;

/// <summary>
/// Enrolment for <c>audience.traffic</c>: a unit is in the experiment iff its hash is below the traffic share.
/// The hash ignores the period and uses its own domain, so enrolment is stable for the whole experiment and
/// independent of which arm the unit draws.
/// </summary>
public static class TrafficGate
{
    /// <summary>The unit's enrolment draw in [0, 1).</summary>
    public static double Uniform(string experimentId, string unitId)
    {
        ArgumentNullException.ThrowIfNull(experimentId);
        ArgumentNullException.ThrowIfNull(unitId);
        return StableHash.Uniform("offerlab.traffic.v1", experimentId, unitId);
    }

    /// <summary>True when the unit is enrolled at traffic share <paramref name="traffic"/> (in (0, 1]; 1 enrols everyone).</summary>
    public static bool IsEnrolled(string experimentId, string unitId, double traffic) =>
        traffic >= 1.0 || Uniform(experimentId, unitId) < traffic;
}
