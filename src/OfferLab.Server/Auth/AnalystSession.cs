using System.Security.Claims;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;

namespace OfferLab.Server.Auth;

/// <summary>
/// The report page's login: an analyst (or admin) pastes a key once and gets a session cookie. The cookie only ever
/// carries the <c>analyst</c> role, whatever the key's role, so a browser session can read reports but never change
/// anything — a forged cross-site request has nothing to gain. HttpOnly, SameSite=Strict, 8 hours sliding.
/// </summary>
internal static class AnalystSession
{
    public const string SchemeName = "AnalystSession";
    public const string PagePolicy = "analyst-page";
    public const string LoginPath = "/ui/login";

    public static AuthenticationBuilder AddAnalystSession(this AuthenticationBuilder authentication) =>
        authentication.AddCookie(SchemeName, cookie =>
        {
            cookie.Cookie.Name = "offerlab_session";
            cookie.Cookie.HttpOnly = true;
            cookie.Cookie.SameSite = SameSiteMode.Strict;
            cookie.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
            cookie.ExpireTimeSpan = TimeSpan.FromHours(8);
            cookie.SlidingExpiration = true;
            cookie.LoginPath = LoginPath;
            cookie.ReturnUrlParameter = "returnUrl";
            cookie.AccessDeniedPath = LoginPath;
            // Pages redirect to the login; API routes leave the answer to the API key scheme (a 401/403 problem).
            cookie.Events.OnRedirectToLogin = RedirectPages;
            cookie.Events.OnRedirectToAccessDenied = RedirectPages;
        });

    /// <summary>Signs in the holder of <paramref name="key"/> when it is an analyst or admin key; false otherwise.</summary>
    public static async Task<bool> SignInAsync(HttpContext context, ApiKeyRing keys, string key)
    {
        if (key.Length is 0 or > 1024 || keys.Find(key.AsSpan().Trim()) is not { } holder
            || holder.Role is not (Roles.Analyst or Roles.Admin))
        {
            return false;
        }

        var identity = new ClaimsIdentity([new Claim(ClaimTypes.Name, holder.Name), new Claim(ClaimTypes.Role, Roles.Analyst)], SchemeName);
        await context.SignInAsync(SchemeName, new ClaimsPrincipal(identity));
        return true;
    }

    /// <summary>
    /// A return address that stays on this site (no scheme, no host, no protocol-relative //) and can go in a Location
    /// header as it is: printable ASCII only (a path of other characters arrives decoded, and Kestrel refuses to send it).
    /// </summary>
    public static string SafeReturnUrl(string? returnUrl) =>
        returnUrl is { Length: > 0 and < 2048 } url && url.StartsWith('/') && !url.StartsWith("//", StringComparison.Ordinal)
            && !url.StartsWith("/\\", StringComparison.Ordinal) && url.All(c => c is > ' ' and < '\x7f')
            ? url
            : "/ui";

    private static Task RedirectPages(RedirectContext<CookieAuthenticationOptions> context)
    {
        if (!context.Response.HasStarted && context.Request.Path.StartsWithSegments("/ui", StringComparison.Ordinal))
        {
            context.Response.Redirect(context.RedirectUri);
        }

        return Task.CompletedTask;
    }
}
