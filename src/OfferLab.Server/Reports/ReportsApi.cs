using Microsoft.AspNetCore.Http.HttpResults;
using OfferLab.Abstractions.Experiments;
using OfferLab.Core.Declarations;
using OfferLab.Core.Reports;
using OfferLab.Server.Auth;
using OfferLab.Server.Http;
using OfferLab.Server.Pages;

namespace OfferLab.Server.Reports;

/// <summary>The significance report: JSON, or CSV / Markdown / HTML by the Accept header (<see cref="ReportFormatsFilter"/>).</summary>
internal static class ReportsApi
{
    public static IEndpointRouteBuilder MapReportsApi(this IEndpointRouteBuilder app)
    {
        app.MapGet("/v1/experiments/{id}/report", GetAsync)
            .WithTags("Reports")
            .RequireAuthorization(Roles.Analyst)
            .AddEndpointFilter<ReportFormatsFilter>()
            .Produces<SignificanceReport>(StatusCodes.Status200OK, "application/json", "text/csv", "text/markdown", "text/html");
        return app;
    }

    private static async Task<Results<Ok<SignificanceReport>, NotFound<Microsoft.AspNetCore.Mvc.ProblemDetails>, ValidationProblem>> GetAsync(
        string id, string? by, IGrainFactory grains, TimeProvider time)
    {
        if (!ExperimentIds.IsValid(id))
        {
            return TypedResults.ValidationProblem(ExperimentIds.Problem(id));
        }

        if (by is not null && (by.Length is 0 or > Core.Segments.SegmentPairs.MaxLength || by.Any(char.IsControl)))
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["by"] = [$"'by' names an attribute sent at assign time: 1 to {Core.Segments.SegmentPairs.MaxLength} characters, no control characters."] });
        }

        var grain = grains.GetGrain<IExperimentGrain>(id);
        if (await grain.GetAsync() is not { } snapshot || await grain.GetCountsAsync() is not { } counts)
        {
            return TypedResults.NotFound(new Microsoft.AspNetCore.Mvc.ProblemDetails { Status = 404, Title = "Not found.", Detail = $"No experiment '{id}'." });
        }

        var declaration = DeclarationParser.Parse(snapshot.Current.Source, snapshot.Id + ".yaml").Declaration
            ?? throw new InvalidOperationException($"The stored declaration of '{snapshot.Id}' no longer parses.");
        var input = new ReportInput(
            declaration,
            snapshot.Current.Version,
            snapshot.Status.ToString().ToLowerInvariant(),
            [.. counts.Periods.Select(p => new ReportPeriod(p.Index, p.StartedAt, p.ClosedAt,
                [.. p.Arms.Select(a => new ReportArmCounts(a.Variant, a.Weight, a.Exposures, a.Accepts, a.CorePurchases, a.Revenue, a.RevenueSquares))]))],
            [.. counts.Arms.Select(a => new ReportArmState(a.Variant, a.State, a.RetiredAt, a.Reason))],
            [.. counts.Decisions.Select(d => new ReportDecision(d.At, d.Type, d.Period, d.Variant, d.Reason, d.Summary, d.Evidence))],
            time.GetUtcNow(),
            by is null ? null : new ReportSegmentInput(by, [.. (await grain.GetSegmentsAsync(by)).Select(s => (s.Value,
                (IReadOnlyList<ReportArmCounts>)[.. s.Arms.Select(a => new ReportArmCounts(a.Variant, 0, a.Exposures, a.Accepts, a.CorePurchases, a.Revenue, a.RevenueSquares))]))]));
        return TypedResults.Ok(ReportBuilder.Build(input));
    }
}
