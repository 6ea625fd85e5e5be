using System.Text.Json;
using Microsoft.AspNetCore.Http.HttpResults;
using OfferLab.Abstractions.Assignment;
using OfferLab.Grains.Counting;
using OfferLab.Grains.Customers;
using OfferLab.Server.Auth;
using OfferLab.Server.Http;

namespace OfferLab.Server.Assignments;

/// <summary>
/// <c>POST /v1/outcomes</c>: one outcome (<c>{"token", "kind", "value", "idempotencyKey"}</c>) or a batch
/// (<c>{"outcomes": [...]}</c>), attributed from the signed token alone. A batch is checked whole before anything
/// is recorded: one bad item makes it a 400 and nothing is counted.
/// </summary>
internal static class OutcomesApi
{
    public const int MaxBatch = 1000;
    private const int MaxBodyBytes = 1024 * 1024;

    public static IEndpointRouteBuilder MapOutcomesApi(this IEndpointRouteBuilder app)
    {
        app.MapPost("/v1/outcomes", RecordAsync)
            .WithTags("Storefront")
            .RequireApiKey(Roles.Storefront)
            .Accepts<OutcomeRequest>("application/json")
            .Produces<OutcomeResponse>()
            .Produces<OutcomeBatchResponse>()
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status503ServiceUnavailable);
        return app;
    }

    private static async Task<IResult> RecordAsync(HttpRequest request, OutcomeAttribution attribution, CustomerShards customers, JournalCheckpointer checkpointer, CancellationToken cancellationToken)
    {
        if (!checkpointer.Recovered)
        {
            return AssignmentsApi.Recovering();
        }

        if (!RequestBody.IsJson(request))
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status415UnsupportedMediaType, detail: "Send outcomes as application/json.");
        }

        var (text, problem, status) = await RequestBody.ReadTextAsync(request, MaxBodyBytes, cancellationToken);
        if (text is null)
        {
            return TypedResults.Problem(statusCode: status, detail: problem);
        }

        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(text, new JsonDocumentOptions { MaxDepth = 16 });
        }
        catch (JsonException ex)
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["(body)"] = [$"not valid JSON: {ex.Message}"] });
        }

        using (document)
        {
            var root = document.RootElement;
            if (!JsonStrings.AreReadable(root))
            {
                return TypedResults.ValidationProblem(new Dictionary<string, string[]>
                {
                    ["(body)"] = ["not valid JSON: a \\u escape spells half of a UTF-16 surrogate pair"],
                });
            }

            var items = default(JsonElement);
            var batch = root.ValueKind == JsonValueKind.Object && root.TryGetProperty("outcomes", out items);
            if (batch && items.ValueKind != JsonValueKind.Array)
            {
                return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["outcomes"] = ["must be an array"] });
            }

            var elements = batch ? [.. items.EnumerateArray()] : new List<JsonElement> { root };
            if (elements.Count is 0 or > MaxBatch)
            {
                return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["outcomes"] = [$"give 1 to {MaxBatch} outcomes"] });
            }

            var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
            var commands = new List<(string Customer, OutcomeCommand Command)>();
            for (var i = 0; i < elements.Count; i++)
            {
                var prefix = batch ? $"outcomes[{i}]." : "";
                var (customer, command, itemErrors) = await attribution.ReadAsync(elements[i]);
                foreach (var (field, message) in itemErrors)
                {
                    errors[prefix + field] = [message];
                }

                if (command is not null)
                {
                    commands.Add((customer!, command));
                }
            }

            if (errors.Count > 0)
            {
                return TypedResults.ValidationProblem(errors, title: "The outcome is not valid.");
            }

            var results = new List<OutcomeResponse>(commands.Count);
            foreach (var (customer, command) in commands)
            {
                results.Add(Response(await customers.Get(customer).RecordOutcomeAsync(command)));
            }

            return batch ? TypedResults.Ok(new OutcomeBatchResponse(results)) : TypedResults.Ok(results[0]);
        }
    }

    private static OutcomeResponse Response(OutcomeStatus status) => status switch
    {
        OutcomeStatus.Recorded => new OutcomeResponse(true, null),
        OutcomeStatus.Duplicate => new OutcomeResponse(false, "duplicate"),
        _ => new OutcomeResponse(false, "outside_window"),
    };
}

/// <summary>One outcome as sent by a storefront.</summary>
public sealed record OutcomeRequest(string Token, string Kind, double? Value, string? IdempotencyKey);

/// <summary>Whether one outcome was recorded, and if not why (<c>duplicate</c>, <c>outside_window</c>).</summary>
public sealed record OutcomeResponse(bool Recorded, string? Reason);

/// <summary>The answer to a batch, in request order.</summary>
public sealed record OutcomeBatchResponse(IReadOnlyList<OutcomeResponse> Results);
