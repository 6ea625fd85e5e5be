using System.Text.Json;
using OfferLab.Core.Declarations;
using OfferLab.Core.Eligibility;
using OfferLab.Server.Http;

namespace OfferLab.Server.Assignments;

/// <summary>Checks an assign request and lists every problem, keyed by field.</summary>
internal static class AssignRequestValidation
{
    public const int MaxIdLength = 256;
    public const int MaxCartItems = 200;
    public const int MaxAttributes = 64;

    /// <param name="request">The request as read.</param>
    /// <param name="placement">The placement asked for, if any.</param>
    /// <param name="attributes">
    /// The session's attributes as the audience rules read them, each read once here (the check that they are usable
    /// needs their values anyway).
    /// </param>
    public static Dictionary<string, string[]> Validate(AssignRequest request, out Placement? placement, out Dictionary<string, AttributeValue> attributes)
    {
        var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
        placement = null;
        attributes = new Dictionary<string, AttributeValue>(request.Attributes?.Count ?? 0, StringComparer.Ordinal);
        CheckId(errors, "customerId", request.CustomerId);
        CheckId(errors, "sessionId", request.SessionId);
        if ((request.Experiment is null) == (request.Placement is null))
        {
            errors["experiment"] = ["give exactly one of 'experiment' (an id) or 'placement' (every running experiment there)"];
        }
        else if (request.Experiment is not null && !ExperimentIds.IsValid(request.Experiment))
        {
            errors["experiment"] = ExperimentIds.Problem(request.Experiment)["id"];
        }
        else if (request.Placement is not null)
        {
            if (EnumNames.TryParse<Placement>(request.Placement, out var parsed))
            {
                placement = parsed;
            }
            else
            {
                errors["placement"] = [$"'{ExperimentIds.Printable(request.Placement)}' is not a placement; expected one of {string.Join(", ", EnumNames.All<Placement>())}"];
            }
        }

        CheckList(errors, "cart.skus", request.Cart?.Skus);
        CheckList(errors, "cart.categories", request.Cart?.Categories);
        if (request.Attributes is { } sent)
        {
            if (sent.Count > MaxAttributes)
            {
                errors["attributes"] = [$"at most {MaxAttributes} attributes"];
            }

            // A value the rules could not compare (a number past a double's range, a string with half a surrogate pair)
            // is refused like an array or an object, rather than quietly matching no rule.
            foreach (var (name, value) in sent)
            {
                var read = attributes[name] = AttributeValue.From(value);
                var problem = value.ValueKind switch
                {
                    _ when read.IsUsable => null,
                    JsonValueKind.Number => "must be a number within a double's range",
                    JsonValueKind.String => "must be text without half a surrogate pair",
                    var kind => $"must be a string, number or boolean, not {kind.ToString().ToLowerInvariant()}",
                };
                if (problem is not null)
                {
                    errors[$"attributes.{ExperimentIds.Printable(name)}"] = [problem];
                }
            }
        }

        return errors;
    }

    private static void CheckId(Dictionary<string, string[]> errors, string field, string? id)
    {
        if (string.IsNullOrEmpty(id))
        {
            errors[field] = ["is required"];
        }
        else if (id.Length > MaxIdLength)
        {
            errors[field] = [$"is {id.Length} characters; at most {MaxIdLength}"];
        }
        else if (id.Any(char.IsControl))
        {
            errors[field] = [$"'{ExperimentIds.Printable(id)}' holds control characters"];
        }
    }

    private static void CheckList(Dictionary<string, string[]> errors, string field, List<string>? items)
    {
        if (items is null)
        {
            return;
        }

        if (items.Count > MaxCartItems)
        {
            errors[field] = [$"at most {MaxCartItems} items"];
        }
        else if (items.Any(i => i is null || i.Length > MaxIdLength || i.Any(char.IsControl)))
        {
            errors[field] = [$"items must be non-null strings of at most {MaxIdLength} characters without control characters"];
        }
    }
}
