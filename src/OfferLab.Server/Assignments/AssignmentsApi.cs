using System.Collections.Immutable;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.Extensions.Options;
using OfferLab.Abstractions.Assignment;
using OfferLab.Abstractions.Experiments;
using OfferLab.Core.Declarations;
using OfferLab.Core.Eligibility;
using OfferLab.Core.Segments;
using OfferLab.Core.Tokens;
using OfferLab.Grains.Counting;
using OfferLab.Grains.Customers;
using OfferLab.Server.Auth;
using OfferLab.Server.Http;

namespace OfferLab.Server.Assignments;

/// <summary><c>POST /v1/assign</c>: the storefront's hot path. Reads the silo's cache, then one customer grain call.</summary>
internal static class AssignmentsApi
{
    /// <summary>
    /// The largest assign body accepted, as for outcomes: the largest valid cart (two lists of 200 ids of 256
    /// characters, up to 3 bytes each in UTF-8) is about 300 KiB; past the limit, 413, refused from its declared length
    /// before any of it is read, or once the limit is passed (<see cref="RequestBody"/>). Before that check a 5 MB body
    /// was read and parsed before its id was refused.
    /// <para>
    /// The limit is not also given to Kestrel (a request size limit on the route): Kestrel then refused to drain the
    /// unread rest of a refused body after the 413, and closed the connection on a client still sending it, which then
    /// failed its write on the reset, often before reading its answer (curl without <c>Expect: 100-continue</c>, a 2 MiB
    /// body: a broken pipe in 32 of 100 tries). With Kestrel's own limit (30 MB, as on every other route) it drains the
    /// rest and the client reads its 413 problem.
    /// </para>
    /// </summary>
    public const int MaxBodyBytes = 1024 * 1024;

    public static IEndpointRouteBuilder MapAssignmentsApi(this IEndpointRouteBuilder app)
    {
        app.MapPost("/v1/assign", AssignAsync)
            .WithTags("Storefront")
            .RequireApiKey(Roles.Storefront)
            .Accepts<AssignRequest>("application/json")
            .ProducesProblem(StatusCodes.Status413PayloadTooLarge)
            .ProducesProblem(StatusCodes.Status503ServiceUnavailable);
        return app;
    }

    private static async Task<Results<Ok<AssignResponse>, ValidationProblem, ProblemHttpResult>> AssignAsync(
        HttpRequest http, AllocationCache cache, CustomerShards customers, TokenCodec tokens, TimeProvider time, JournalCheckpointer checkpointer,
        IOptions<JsonOptions> json, CancellationToken cancellationToken)
    {
        if (!checkpointer.Recovered)
        {
            return Recovering();
        }

        if (!RequestBody.IsJson(http))
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status415UnsupportedMediaType, detail: "Send the assign request as application/json.");
        }

        var (request, problem, status) = await RequestBody.ReadJsonAsync<AssignRequest>(http, MaxBodyBytes, json.Value.SerializerOptions, cancellationToken);
        if (request is null)
        {
            return status == StatusCodes.Status400BadRequest
                ? TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["(body)"] = [problem!] })
                : TypedResults.Problem(statusCode: status, detail: problem);
        }

        var errors = AssignRequestValidation.Validate(request, out var placement, out var attributes);
        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors);
        }

        IReadOnlyList<Allocation> allocations;
        if (placement is { } where)
        {
            allocations = await cache.ForPlacementAsync(where);
        }
        else if (await cache.GetAsync(request.Experiment!) is { } one)
        {
            allocations = [one];
        }
        else
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "No such experiment.",
                detail: $"No experiment '{request.Experiment}' has been declared.");
        }

        var context = Context(request, attributes);
        var segments = SegmentPairs.Encode(context.Attributes);
        var now = time.GetUtcNow();
        var answers = new AssignmentResponse?[allocations.Count];
        var plans = ImmutableArray.CreateBuilder<AssignPlan>();
        var planned = new List<int>();
        for (var i = 0; i < allocations.Count; i++)
        {
            var (view, declaration) = (allocations[i].View, allocations[i].Declaration);
            answers[i] = view.Status switch
            {
                ExperimentStatus.Paused => Answer(view, null, declaration, null, "paused"),
                ExperimentStatus.Concluded => Answer(view, view.Winner, declaration, null, "concluded"),
                ExperimentStatus.Draft => Answer(view, null, declaration, null, "not_eligible"),
                _ when !EligibilityRules.Evaluate(declaration, context, now).Eligible => Answer(view, null, declaration, null, "not_eligible"),
                _ => null,
            };
            if (answers[i] is null)
            {
                plans.Add(Plan(view, declaration, segments));
                planned.Add(i);
            }
        }

        if (plans.Count > 0)
        {
            var decisions = await customers.Get(request.CustomerId!).AssignAsync(request.SessionId!, plans.ToImmutable());
            for (var j = 0; j < decisions.Length; j++)
            {
                var (allocation, decision) = (allocations[planned[j]], decisions[j]);
                var token = decision.Variant is null || decision.TokenId is null ? null : tokens.Encode(new AssignmentToken(
                    decision.Experiment, decision.Version, decision.Period, decision.Variant, request.CustomerId!, request.SessionId!, decision.IssuedAt, decision.TokenId, segments));
                answers[planned[j]] = Answer(allocation.View with { Version = decision.Version }, decision.Variant, allocation.Declaration, token, Reason(decision.Reason));
            }
        }

        return TypedResults.Ok(new AssignResponse([.. answers.Select(a => a!)]));
    }

    /// <summary>Until the journal is replayed after a restart, nothing may be assigned or recorded: 503, retry shortly.</summary>
    internal static ProblemHttpResult Recovering() =>
        TypedResults.Problem(statusCode: StatusCodes.Status503ServiceUnavailable, title: "Recovering.",
            detail: "OfferLab is replaying what it recorded before a restart; retry shortly.");

    private static AssignPlan Plan(AllocationView view, ExperimentDeclaration declaration, string segments) => new(
        view.Experiment,
        view.Version,
        view.Period,
        [.. declaration.Variants.Select(v => v.Id)],
        [.. declaration.Variants.Select(v => v.Offer?.Sku)],
        view.Weights,
        declaration.Allocation.Stickiness == Stickiness.Customer,
        declaration.Caps.PerCustomerPerDay,
        declaration.Caps.SuppressAfterDecline,
        segments);

    private static AssignContext Context(AssignRequest request, IReadOnlyDictionary<string, AttributeValue> attributes) => new(
        request.CustomerId!,
        request.SessionId!,
        request.Cart?.Skus ?? [],
        request.Cart?.Categories ?? [],
        attributes);

    private static AssignmentResponse Answer(AllocationView view, string? variant, ExperimentDeclaration declaration, string? token, string reason)
    {
        var offer = variant is null ? null : declaration.FindVariant(variant)?.Offer;
        return new AssignmentResponse(view.Experiment, view.Version, variant, offer is null ? null : new OfferResponse(offer.Sku, offer.Title, offer.Price), token, reason);
    }

    private static string Reason(AssignReason reason) => reason switch
    {
        AssignReason.Assigned => "assigned",
        AssignReason.Sticky => "sticky",
        AssignReason.Capped => "capped",
        AssignReason.Suppressed => "suppressed",
        AssignReason.Paused => "paused",
        AssignReason.Concluded => "concluded",
        _ => "not_eligible",
    };
}
