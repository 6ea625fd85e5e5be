namespace OfferLab.Benchmarks.Statistics;

/// <summary>One checked figure: what was measured, against what target, and the command that reproduces it.</summary>
/// <param name="Id">Scenario number of issue 6, with a letter when a scenario checks several figures.</param>
/// <param name="Figure">The measured figure, in words and numbers.</param>
/// <param name="Target">The target it is held to.</param>
/// <param name="Pass">Whether the figure meets the target.</param>
/// <param name="Command">The exact command that produced the figure.</param>
/// <param name="Notes">Further figures worth reading next to it (no target).</param>
internal sealed record ScenarioResult(string Id, string Figure, string Target, bool Pass, string Command, IReadOnlyList<string> Notes)
{
    public string Verdict => Pass ? "PASS" : "MISS";
}
