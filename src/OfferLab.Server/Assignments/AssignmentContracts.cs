using System.Text.Json;

namespace OfferLab.Server.Assignments;

/// <summary><c>POST /v1/assign</c>: a session asks for offers, for one experiment or every experiment at a placement.</summary>
public sealed record AssignRequest(
    string? CustomerId,
    string? SessionId,
    string? Experiment,
    string? Placement,
    CartRequest? Cart,
    Dictionary<string, JsonElement>? Attributes);

/// <summary>What the session's cart holds: the core purchase offers attach to.</summary>
public sealed record CartRequest(List<string>? Skus, List<string>? Categories);

/// <summary>The answer to an assign.</summary>
public sealed record AssignResponse(IReadOnlyList<AssignmentResponse> Assignments);

/// <summary>One experiment's answer: the variant and offer to show (if any), its token and why.</summary>
public sealed record AssignmentResponse(string Experiment, int Version, string? Variant, OfferResponse? Offer, string? Token, string Reason);

/// <summary>The offer a storefront shows.</summary>
public sealed record OfferResponse(string Sku, string Title, decimal Price);
