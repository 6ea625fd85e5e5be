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

    protected override Task<AuthenticateResult> HandleAuthenticateAsync() =>
        Task.FromResult(ApiKeyHeader.Check(Request.Headers.Authorization, keys) switch
        {
            (ApiKeyHeader.Outcome.Found, { } holder) => AuthenticateResult.Success(new AuthenticationTicket(holder.Principal, SchemeName)),
            (ApiKeyHeader.Outcome.Missing, _) => AuthenticateResult.NoResult(),
            var (failure, _) => AuthenticateResult.Fail(ApiKeyHeader.Failure(failure)),
        });

    protected override Task HandleChallengeAsync(AuthenticationProperties properties) => ApiKeyHeader.ChallengeAsync(Context, problems);

    protected override Task HandleForbiddenAsync(AuthenticationProperties properties) => ApiKeyHeader.ForbidAsync(Context, problems);
}
