using System.Security.Claims;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;

namespace OfferLab.Server.Auth;

/// <summary>
/// <c>Authorization: Bearer &lt;key&gt;</c> against the configured keys. Challenges and forbids answer with
/// problem details (401 with <c>WWW-Authenticate: Bearer</c>, 403). The key is never logged.
/// </summary>
internal sealed class ApiKeyAuthenticationHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options,
    ILoggerFactory logger,
    UrlEncoder encoder,
    ApiKeyRing keys,
    IProblemDetailsService problems) : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    public const string SchemeName = "ApiKey";
    private const string BearerPrefix = "Bearer ";

    protected override Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        var header = Request.Headers.Authorization.ToString();
        if (header.Length == 0)
        {
            return Task.FromResult(AuthenticateResult.NoResult());
        }

        if (!header.StartsWith(BearerPrefix, StringComparison.OrdinalIgnoreCase) || header.Length > 1024)
        {
            return Task.FromResult(AuthenticateResult.Fail("The Authorization header is not 'Bearer <key>'."));
        }

        var holder = keys.Find(header.AsSpan(BearerPrefix.Length).Trim());
        if (holder is not { } found)
        {
            return Task.FromResult(AuthenticateResult.Fail("The API key is not valid."));
        }

        return Task.FromResult(AuthenticateResult.Success(new AuthenticationTicket(found.Principal, SchemeName)));
    }

    protected override async Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        Response.StatusCode = StatusCodes.Status401Unauthorized;
        Response.Headers.WWWAuthenticate = "Bearer";
        await WriteProblemAsync("A valid API key is required: send 'Authorization: Bearer <key>'.");
    }

    protected override async Task HandleForbiddenAsync(AuthenticationProperties properties)
    {
        Response.StatusCode = StatusCodes.Status403Forbidden;
        await WriteProblemAsync("This API key's role may not use this route.");
    }

    private async Task WriteProblemAsync(string detail)
    {
        var problem = new ProblemDetailsContext { HttpContext = Context, ProblemDetails = { Status = Response.StatusCode, Detail = detail } };
        // A client that accepts only, say, text/csv still gets its 401/403 as a problem document, never a 500.
        if (!await problems.TryWriteAsync(problem))
        {
            await Response.WriteAsJsonAsync(problem.ProblemDetails, (System.Text.Json.JsonSerializerOptions?)null, "application/problem+json");
        }
    }
}
