using System.Text.Json;
using OfferLab.Abstractions.Assignment;
using OfferLab.Core.Tokens;

namespace OfferLab.Server.Assignments;

/// <summary>Reads one outcome item: verifies its token and turns it into a command for the customer's grain.</summary>
internal sealed class OutcomeAttribution(TokenCodec tokens, AllocationCache cache)
{
    private const int MaxKeyLength = 256;

    public async ValueTask<(string? Customer, OutcomeCommand? Command, List<(string Field, string Message)> Errors)> ReadAsync(JsonElement item)
    {
        var errors = new List<(string, string)>();
        if (item.ValueKind != JsonValueKind.Object)
        {
            errors.Add(("(item)", "must be an object with token, kind, value and idempotencyKey"));
            return (null, null, errors);
        }

        foreach (var property in item.EnumerateObject().Where(p => p.Name is not ("token" or "kind" or "value" or "idempotencyKey")))
        {
            errors.Add((property.Name, "unknown field; expected token, kind, value, idempotencyKey"));
        }

        AssignmentToken? token = null;
        if (!item.TryGetProperty("token", out var tokenElement) || tokenElement.ValueKind != JsonValueKind.String)
        {
            errors.Add(("token", "is required: the token from the assign answer"));
        }
        else if (!tokens.TryDecode(tokenElement.GetString(), out token, out var problem))
        {
            errors.Add(("token", $"was not issued by this deployment or was altered ({problem})"));
        }

        OutcomeKind? kind = null;
        var kindText = item.TryGetProperty("kind", out var kindElement) && kindElement.ValueKind == JsonValueKind.String ? kindElement.GetString() : null;
        switch (kindText)
        {
            case "accept": kind = OutcomeKind.Accept; break;
            case "decline": kind = OutcomeKind.Decline; break;
            case "core_purchase": kind = OutcomeKind.CorePurchase; break;
            default: errors.Add(("kind", "must be one of accept, decline, core_purchase")); break;
        }

        double? value = null;
        if (item.TryGetProperty("value", out var valueElement) && valueElement.ValueKind != JsonValueKind.Null)
        {
            if (valueElement.ValueKind != JsonValueKind.Number || !valueElement.TryGetDouble(out var number) || !double.IsFinite(number) || number < 0)
            {
                errors.Add(("value", "must be a finite number >= 0"));
            }
            else
            {
                value = number;
            }
        }

        string? key = null;
        if (item.TryGetProperty("idempotencyKey", out var keyElement) && keyElement.ValueKind != JsonValueKind.Null)
        {
            key = keyElement.ValueKind == JsonValueKind.String ? keyElement.GetString() : null;
            if (key is null || key.Length is 0 or > MaxKeyLength || key.Any(char.IsControl))
            {
                errors.Add(("idempotencyKey", $"must be a string of 1 to {MaxKeyLength} characters without control characters"));
            }
        }

        if (errors.Count > 0 || token is null || kind is null)
        {
            return (null, null, errors);
        }

        if (await cache.GetAsync(token.Experiment) is not { } allocation || allocation.Declaration.FindVariant(token.Variant) is not { } variant)
        {
            errors.Add(("token", $"names an experiment or variant this deployment does not have ({token.Experiment}/{token.Variant})"));
            return (null, null, errors);
        }

        // An accept without a value is worth the offer's price: the revenue of the offered item.
        var worth = kind == OutcomeKind.Accept ? value ?? (double)(variant.Offer?.Price ?? 0m) : 0;
        var command = new OutcomeCommand(token.Experiment, token.Version, token.Period, token.Variant, token.SessionId, token.TokenId,
            token.IssuedAt, kind.Value, worth, key, variant.Offer?.Sku, allocation.Declaration.Metric.AttributionWindow, token.Segments);
        return (token.CustomerId, command, errors);
    }
}
