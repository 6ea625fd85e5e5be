using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using OfferLab.Abstractions.Experiments;
using OfferLab.Core.Declarations;
using OfferLab.Server.Auth;
using OfferLab.Server.Http;

namespace OfferLab.Server.Experiments;

/// <summary>Declaring experiments and moving them through their lifecycle.</summary>
internal static class ExperimentsApi
{
    /// <summary>Declarations are small; 256 KiB is far above any real one and bounds hostile bodies.</summary>
    public const int MaxDeclarationBytes = 256 * 1024;

    private static readonly string[] YamlTypes = ["application/yaml", "application/x-yaml", "text/yaml", "text/x-yaml", "text/plain"];

    public static IEndpointRouteBuilder MapExperimentsApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/v1/experiments").WithTags("Experiments");

        api.MapGet("/", ListAsync).RequireAuthorization(Roles.Analyst);
        api.MapGet("/{id}", GetAsync).RequireAuthorization(Roles.Analyst);
        api.MapPut("/{id}", PutAsync).RequireAuthorization(Roles.Editor)
            .Accepts<string>("application/yaml", "application/json")
            .ProducesValidationProblem(StatusCodes.Status409Conflict)
            .ProducesProblem(StatusCodes.Status413PayloadTooLarge)
            .ProducesProblem(StatusCodes.Status415UnsupportedMediaType);
        api.MapPost("/{id}/pause", (string id, ClaimsPrincipal user, IGrainFactory grains) => MoveAsync(id, grains, g => g.PauseAsync(Actor(user))))
            .RequireAuthorization(Roles.Editor);
        api.MapPost("/{id}/resume", (string id, ClaimsPrincipal user, IGrainFactory grains) => MoveAsync(id, grains, g => g.ResumeAsync(Actor(user))))
            .RequireAuthorization(Roles.Editor);
        api.MapPost("/{id}/conclude", (string id, ClaimsPrincipal user, IGrainFactory grains) => MoveAsync(id, grains, g => g.ConcludeAsync(Actor(user))))
            .RequireAuthorization(Roles.Editor);
        return app;
    }

    private static async Task<Ok<ExperimentList>> ListAsync(IGrainFactory grains)
    {
        var ids = await grains.GetGrain<IExperimentRegistryGrain>(0).GetAllAsync();
        var found = await Task.WhenAll(ids.Select(async id =>
        {
            var grain = grains.GetGrain<IExperimentGrain>(id);
            return (Snapshot: await grain.GetAsync(), Counts: await grain.GetCountsAsync());
        }));
        var summaries = found.Where(f => f.Snapshot is not null)
            .Select(f => (Snapshot: f.Snapshot!, f.Counts, Declaration: Parse(f.Snapshot!)))
            .Select(x => new ExperimentSummary(
                x.Snapshot.Id, x.Declaration.Name, x.Snapshot.Status, x.Snapshot.Current.Version, x.Declaration.Placement,
                Arms(x.Declaration, x.Counts), Updated(x.Snapshot)))
            .ToList();
        return TypedResults.Ok(new ExperimentList(summaries));
    }

    private static async Task<Results<Ok<ExperimentDetails>, ProblemHttpResult, ValidationProblem>> GetAsync(string id, IGrainFactory grains)
    {
        if (!ExperimentIds.IsValid(id))
        {
            return TypedResults.ValidationProblem(ExperimentIds.Problem(id));
        }

        var grain = grains.GetGrain<IExperimentGrain>(id);
        if (await grain.GetAsync() is not { } snapshot || await grain.GetCountsAsync() is not { } counts)
        {
            return NotFound(id);
        }

        var declaration = Parse(snapshot);
        var open = counts.Periods[^1];
        return TypedResults.Ok(new ExperimentDetails(
            snapshot.Id, snapshot.Status, snapshot.Current.Version, declaration, snapshot.Current.Source, Arms(declaration, counts),
            [.. snapshot.Versions.Select(v => new VersionSummary(v.Version, v.Author, v.AppliedAt, v.Changes))],
            snapshot.Lifecycle,
            counts.Period,
            open.Arms.ToDictionary(a => a.Variant, a => a.Weight),
            counts.Totals,
            DecisionLog(snapshot, counts)));
    }

    private static async Task<IResult> PutAsync(string id, HttpRequest request, ClaimsPrincipal user, IGrainFactory grains, CancellationToken cancellationToken)
    {
        if (!ExperimentIds.IsValid(id))
        {
            return TypedResults.ValidationProblem(ExperimentIds.Problem(id));
        }

        var mediaType = request.ContentType?.Split(';')[0].Trim().ToLowerInvariant();
        var isJson = mediaType is "application/json" || (mediaType?.EndsWith("+json", StringComparison.Ordinal) ?? false);
        if (!isJson && !YamlTypes.Contains(mediaType))
        {
            return TypedResults.Problem(
                statusCode: StatusCodes.Status415UnsupportedMediaType,
                detail: $"Send the declaration as application/yaml or application/json, not '{ExperimentIds.Printable(request.ContentType)}'.");
        }

        var (text, problem, status) = await RequestBody.ReadTextAsync(request, MaxDeclarationBytes, cancellationToken);
        if (text is null)
        {
            return TypedResults.Problem(statusCode: status, detail: problem);
        }

        var fileName = $"{id}.{(isJson ? "json" : "yaml")}";
        var asDraft = request.Query.TryGetValue("draft", out var draft) && draft == "true";
        var result = await grains.GetGrain<IExperimentGrain>(id).ApplyAsync(text, fileName, Actor(user), asDraft);
        var response = new ApplyResponse(id, result.Version, result.Status, result.Outcome == ApplyOutcome.Created,
            result.Outcome is ApplyOutcome.Created or ApplyOutcome.Changed, result.Changes);
        return result.Outcome switch
        {
            ApplyOutcome.Created => TypedResults.Created($"/v1/experiments/{id}", response),
            ApplyOutcome.Changed or ApplyOutcome.Unchanged => TypedResults.Ok(response),
            ApplyOutcome.Invalid => TypedResults.ValidationProblem(ErrorMap(result), title: "The declaration is not valid."),
            _ => TypedResults.Problem(new HttpValidationProblemDetails(ErrorMap(result))
            {
                Status = StatusCodes.Status409Conflict,
                Title = "The change is not allowed in the experiment's current state.",
            }),
        };
    }

    private static async Task<IResult> MoveAsync(string id, IGrainFactory grains, Func<IExperimentGrain, Task<LifecycleResult>> move)
    {
        if (!ExperimentIds.IsValid(id))
        {
            return TypedResults.ValidationProblem(ExperimentIds.Problem(id));
        }

        var result = await move(grains.GetGrain<IExperimentGrain>(id));
        if (!result.Found)
        {
            return NotFound(id);
        }

        return result.Allowed
            ? TypedResults.Ok(new LifecycleResponse(id, result.Status, result.Version))
            : TypedResults.Problem(statusCode: StatusCodes.Status409Conflict, title: "The transition is not allowed.", detail: result.Problem);
    }

    private static ProblemHttpResult NotFound(string id) =>
        TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "No such experiment.", detail: $"No experiment '{id}' has been declared.");

    private static Dictionary<string, string[]> ErrorMap(ApplyResult result) =>
        result.Errors.GroupBy(e => e.Path, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.Select(e => e.Message).ToArray());

    private static List<Decision> DecisionLog(ExperimentSnapshot snapshot, ExperimentCounts counts)
    {
        var versions = snapshot.Versions.Select(v => new Decision(v.AppliedAt, "version", $"version {v.Version} by {v.Author}: {string.Join("; ", v.Changes)}", null, v.Version, null));
        var moves = snapshot.Lifecycle.Select(e => new Decision(e.At, "lifecycle", $"{Name(e.From)} → {Name(e.To)} by {e.Actor}: {e.Reason}", null, null, null));
        var weights = counts.Periods.Where(p => p.ClosedAt is not null).Select(p => new Decision(
            p.ClosedAt!.Value, "weights", $"period {p.Index} closed; its weights: {string.Join(", ", p.Arms.Select(a => $"{a.Variant} {a.Weight:0.###}"))}", p.Index, p.Version, p.Arms));
        // Weight updates are the closed periods above; retirements, guardrail vetoes and conclusions come with their evidence.
        var taken = counts.Decisions.Where(d => d.Type != "weights").Select(d => new Decision(d.At, d.Type, d.Summary, d.Period, null, null, d.Variant, d.Reason, d.Evidence));
        return [.. versions.Concat(moves).Concat(weights).Concat(taken).OrderBy(d => d.At)];
    }

    private static string Name(ExperimentStatus status) => status.ToString().ToLowerInvariant();

    private static ExperimentDeclaration Parse(ExperimentSnapshot snapshot) =>
        DeclarationParser.Parse(snapshot.Current.Source, snapshot.Id + ".yaml").Declaration
            ?? throw new InvalidOperationException($"The stored declaration of '{snapshot.Id}' no longer parses.");

    private static List<ArmSummary> Arms(ExperimentDeclaration declaration, ExperimentCounts? counts) =>
        [.. declaration.Variants.Select(v => new ArmSummary(v.Id, v.IsControl, counts?.Arms.FirstOrDefault(a => a.Variant == v.Id)?.State ?? "active"))];

    private static DateTimeOffset Updated(ExperimentSnapshot snapshot) =>
        snapshot.Lifecycle.Length > 0 && snapshot.Lifecycle[^1].At > snapshot.Current.AppliedAt ? snapshot.Lifecycle[^1].At : snapshot.Current.AppliedAt;

    private static string Actor(ClaimsPrincipal user) => user.Identity?.Name ?? "unknown";
}
