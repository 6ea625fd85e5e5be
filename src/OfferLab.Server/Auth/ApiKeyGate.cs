using Microsoft.Extensions.Primitives;

namespace OfferLab.Server.Auth;

/// <summary>
/// Endpoint metadata: the route takes API keys of these roles and nothing else (no session cookie). Such routes are
/// checked by <see cref="ApiKeyGate"/> and skip ASP.NET Core's authentication and authorization middleware.
/// </summary>
internal sealed class ApiKeyRoles(params string[] roles)
{
    public IReadOnlyList<string> Roles { get; } = roles;

    public bool Allows(string role)
    {
        foreach (var allowed in Roles)
        {
            if (string.Equals(allowed, role, StringComparison.Ordinal))
            {
                return true;
            }
        }

        return false;
    }
}

/// <summary>
/// The storefront's routes are the hot path: there, the API key is checked here, from endpoint metadata, and the
/// endpoint is run at once. ASP.NET Core's authentication and authorization middleware cost these routes about a fifth
/// of the garbage of a request (a transient handler, a result, a policy evaluation and their tasks, per request) and
/// two more suspended frames for every request in flight. The check is the same as the <c>ApiKey</c> scheme's: the same
/// key ring compared in constant time, the same 401 (with <c>WWW-Authenticate: Bearer</c>) and 403 problems, before
/// the body is read. Every other route goes on through the framework's middleware.
/// </summary>
internal sealed class ApiKeyGate(RequestDelegate next, ApiKeyRing keys, IProblemDetailsService problems)
{
    public Task InvokeAsync(HttpContext context)
    {
        if (context.GetEndpoint() is not { RequestDelegate: { } endpoint } matched || matched.Metadata.GetMetadata<ApiKeyRoles>() is not { } roles)
        {
            return next(context);
        }

        var (_, holder) = ApiKeyHeader.Check(context.Request.Headers.Authorization, keys);
        if (holder is null)
        {
            return ApiKeyHeader.ChallengeAsync(context, problems);
        }

        if (!roles.Allows(holder.Role))
        {
            return ApiKeyHeader.ForbidAsync(context, problems);
        }

        context.User = holder.Principal;
        return endpoint(context);
    }
}

/// <summary>The <c>Authorization: Bearer &lt;key&gt;</c> header, read the same way by the scheme and by the gate.</summary>
internal static class ApiKeyHeader
{
    private const string BearerPrefix = "Bearer ";

    public enum Outcome
    {
        Missing,
        Malformed,
        Unknown,
        Found,
    }

    public static (Outcome Outcome, ApiKeyHolder? Holder) Check(StringValues authorization, ApiKeyRing keys)
    {
        // Several values are joined (and so refused), as the framework reads them.
        var header = authorization.ToString();
        if (header.Length == 0)
        {
            return (Outcome.Missing, null);
        }

        if (!header.StartsWith(BearerPrefix, StringComparison.OrdinalIgnoreCase) || header.Length > 1024)
        {
            return (Outcome.Malformed, null);
        }

        return keys.Find(header.AsSpan(BearerPrefix.Length).Trim()) is { } holder ? (Outcome.Found, holder) : (Outcome.Unknown, null);
    }

    public static string Failure(Outcome outcome) => outcome switch
    {
        Outcome.Malformed => "The Authorization header is not 'Bearer <key>'.",
        _ => "The API key is not valid.",
    };

    public static Task ChallengeAsync(HttpContext context, IProblemDetailsService problems)
    {
        context.Response.StatusCode = StatusCodes.Status401Unauthorized;
        context.Response.Headers.WWWAuthenticate = "Bearer";
        return WriteProblemAsync(context, problems, "A valid API key is required: send 'Authorization: Bearer <key>'.");
    }

    public static Task ForbidAsync(HttpContext context, IProblemDetailsService problems)
    {
        context.Response.StatusCode = StatusCodes.Status403Forbidden;
        return WriteProblemAsync(context, problems, "This API key's role may not use this route.");
    }

    private static async Task WriteProblemAsync(HttpContext context, IProblemDetailsService problems, string detail)
    {
        var problem = new ProblemDetailsContext { HttpContext = context, ProblemDetails = { Status = context.Response.StatusCode, Detail = detail } };
        // A client that accepts only, say, text/csv still gets its 401/403 as a problem document, never a 500.
        if (!await problems.TryWriteAsync(problem))
        {
            await context.Response.WriteAsJsonAsync(problem.ProblemDetails, (System.Text.Json.JsonSerializerOptions?)null, "application/problem+json");
        }
    }
}
