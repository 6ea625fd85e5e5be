using System.Globalization;
using System.Text.RegularExpressions;

namespace OfferLab.Benchmarks.Load;

/// <summary>
/// The requests of each phase and the answer a correct server gives, as <c>Wrk/phase.lua</c> builds and checks
/// them: the C# generator, the pool preparation and the memory phase use these so all send the same bodies.
/// </summary>
internal static partial class HotPathRequests
{
    public const string BarePath = "/health/live";
    public const string AssignPath = "/v1/assign";
    public const string OutcomesPath = "/v1/outcomes";

    /// <summary>An assign for a burger cart of a gold customer, as a storefront sends it.</summary>
    public static string Assign(string customerId, string sessionId) =>
        $$$"""{"customerId":"{{{customerId}}}","sessionId":"{{{sessionId}}}","experiment":"{{{BenchExperiment.Id}}}","cart":{"skus":["BURGER-CLASSIC"],"categories":["burgers"]},"attributes":{"tier":"gold"}}""";

    /// <summary>An accepted offer worth 2.49 (the fries), reported once under <paramref name="idempotencyKey"/>.</summary>
    public static string Outcome(string token, string idempotencyKey) =>
        $$"""{"token":"{{token}}","kind":"accept","value":2.49,"idempotencyKey":"{{idempotencyKey}}"}""";

    /// <summary>Whether a 200 body is the answer the phase must give.</summary>
    public static bool IsExpected(PhaseKind phase, string body) => phase switch
    {
        PhaseKind.Bare => body == "Healthy",
        PhaseKind.NewSession or PhaseKind.ReturningSession => AssignedPattern().IsMatch(body),
        PhaseKind.Repeat => StickyPattern().IsMatch(body),
        _ => RecordedPattern().IsMatch(body),
    };

    /// <summary>The id of the <paramref name="sequence"/>-th generated customer of a run's connection.</summary>
    public static string GeneratedId(string runId, int connection, long sequence) =>
        string.Create(CultureInfo.InvariantCulture, $"{runId}-{connection}-{sequence}");

    [GeneratedRegex("\"reason\"\\s*:\\s*\"assigned\"")]
    private static partial Regex AssignedPattern();

    [GeneratedRegex("\"reason\"\\s*:\\s*\"sticky\"")]
    private static partial Regex StickyPattern();

    [GeneratedRegex("\"recorded\"\\s*:\\s*true")]
    private static partial Regex RecordedPattern();
}
