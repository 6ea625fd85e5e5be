namespace OfferLab.Benchmarks.Load;

/// <summary>A closed-loop load generator: a fixed number of connections, each sending its next request when the last one is answered.</summary>
internal interface ILoadGenerator
{
    /// <summary>How it generates load, for the header of the output.</summary>
    string Description { get; }

    /// <summary>
    /// Runs one phase for <paramref name="duration"/>. <paramref name="runId"/> makes generated ids unique;
    /// <paramref name="file"/> holds the repeat pool ("customerId sessionId" lines) or the outcome tokens. With a
    /// <paramref name="think"/> time, each connection waits that long after an answer before its next request, so the
    /// load stays below saturation (a storefront's users, not a flood).
    /// </summary>
    Task<PhaseResult> RunAsync(PhaseKind phase, TimeSpan duration, string runId, string? file, TimeSpan think = default);
}
