namespace OfferLab.Abstractions.Experiments;

/// <summary>One experiment (key: its id): declaration versions and lifecycle.</summary>
public interface IExperimentGrain : IGrainWithStringKey
{
    /// <summary>
    /// Validates <paramref name="source"/> (YAML or JSON) and, when it differs from the version in force and
    /// the change is allowed, stores it as a new version. <paramref name="fileName"/> names the source in messages.
    /// </summary>
    Task<ApplyResult> ApplyAsync(string source, string fileName, string author, bool asDraft);

    /// <summary>The experiment, or null when it was never declared.</summary>
    Task<ExperimentSnapshot?> GetAsync();

    Task<LifecycleResult> PauseAsync(string actor);

    /// <summary>Starts a draft or resumes a paused experiment.</summary>
    Task<LifecycleResult> ResumeAsync(string actor);

    Task<LifecycleResult> ConcludeAsync(string actor);
}
