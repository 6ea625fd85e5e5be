using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.FileProviders;
using Microsoft.Net.Http.Headers;
using OfferLab.Server.Auth;

namespace OfferLab.Server.Pages;

/// <summary>
/// The analysts' pages: a login that turns an analyst key into a read-only session cookie, the experiment list and
/// one report per experiment. The pages are static markup and scripts; their data comes from the JSON API, which
/// accepts the session cookie for reading. Scripts and styles (Chart.js included) are served from this server only.
/// </summary>
internal static class ReportPagesApi
{
    private static readonly string Root = Path.Combine(AppContext.BaseDirectory, "ui");

    public static WebApplication MapReportPages(this WebApplication app)
    {
        foreach (var (folder, path) in new[] { ("assets", "/ui/assets"), ("vendor", "/ui/vendor") })
        {
            var directory = Path.Combine(Root, folder);
            if (Directory.Exists(directory))
            {
                app.UseStaticFiles(new StaticFileOptions
                {
                    FileProvider = new PhysicalFileProvider(directory),
                    RequestPath = path,
                    OnPrepareResponse = file => file.Context.Response.Headers.CacheControl = "no-cache",
                });
            }
        }

        var ui = app.MapGroup("/ui").ExcludeFromDescription();
        ui.MapGet("/login", (HttpContext context) => Page(context, "login.html")).AllowAnonymous();
        ui.MapPost("/login", LoginAsync).AllowAnonymous().DisableAntiforgery();
        ui.MapPost("/logout", (Delegate)LogoutAsync).AllowAnonymous().DisableAntiforgery();
        ui.MapGet("/", (HttpContext context) => Page(context, "list.html")).RequireAuthorization(AnalystSession.PagePolicy);
        ui.MapGet("/experiments/{id}", (HttpContext context) => Page(context, "report.html")).RequireAuthorization(AnalystSession.PagePolicy);
        return app;
    }

    private static PhysicalFileHttpResult Page(HttpContext context, string name)
    {
        // Only this server's scripts may run on the pages, and they may only talk to this server.
        context.Response.Headers.ContentSecurityPolicy = "default-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; frame-ancestors 'none'";
        context.Response.Headers.CacheControl = "no-store";
        return TypedResults.PhysicalFile(Path.Combine(Root, "pages", name), "text/html; charset=utf-8");
    }

    private static async Task<Results<RedirectHttpResult, ProblemHttpResult>> LoginAsync(HttpContext context, ApiKeyRing keys)
    {
        // The login page posts a URL-encoded form. Anything else (multipart included) carries no key: a failed login. The
        // type is parsed by the parser the form reader uses (not RequestBody.IsJson's plain split), so a type the reader
        // would refuse never reaches it.
        IFormCollection form = FormCollection.Empty;
        if (MediaTypeHeaderValue.TryParse(context.Request.ContentType, out var mediaType)
            && mediaType.MediaType.Equals("application/x-www-form-urlencoded", StringComparison.OrdinalIgnoreCase))
        {
            try
            {
                form = await context.Request.ReadFormAsync(context.RequestAborted);
            }
            catch (Exception e) when (e is InvalidDataException or NotSupportedException or ArgumentException)
            {
                // A charset .NET refuses to decode (utf-7; a name it does not know is read as UTF-8) or a form past the
                // reader's limits: the client's fault, said as a problem rather than a 500.
                return TypedResults.Problem(statusCode: StatusCodes.Status400BadRequest, title: "The login form could not be read.", detail: e.Message);
            }
        }

        var returnUrl = AnalystSession.SafeReturnUrl(form["returnUrl"]);
        if (await AnalystSession.SignInAsync(context, keys, form["key"].ToString()))
        {
            return TypedResults.Redirect(returnUrl);
        }

        return TypedResults.Redirect($"{AnalystSession.LoginPath}?failed=1&returnUrl={Uri.EscapeDataString(returnUrl)}");
    }

    private static async Task<RedirectHttpResult> LogoutAsync(HttpContext context)
    {
        await context.SignOutAsync(AnalystSession.SchemeName);
        return TypedResults.Redirect(AnalystSession.LoginPath);
    }
}
