namespace OfferLab.Server.Auth;

/// <summary>The roles of SPEC.md and the policies routes require. <c>admin</c> satisfies every policy.</summary>
internal static class Roles
{
    public const string Storefront = "storefront";
    public const string Editor = "editor";
    public const string Analyst = "analyst";
    public const string Admin = "admin";

    public static IServiceCollection AddOfferLabAuthorization(this IServiceCollection services)
    {
        services.AddAuthentication(ApiKeyAuthenticationHandler.SchemeName)
            .AddScheme<Microsoft.AspNetCore.Authentication.AuthenticationSchemeOptions, ApiKeyAuthenticationHandler>(ApiKeyAuthenticationHandler.SchemeName, null)
            .AddAnalystSession();
        // Reading routes also take the page's session cookie; everything that changes state takes API keys only.
        services.AddAuthorizationBuilder()
            .AddPolicy(Storefront, p => p.RequireRole(Storefront, Admin))
            .AddPolicy(Editor, p => p.RequireRole(Editor, Admin))
            .AddPolicy(Admin, p => p.RequireRole(Admin))
            .AddPolicy(Analyst, p => p.AddAuthenticationSchemes(ApiKeyAuthenticationHandler.SchemeName, AnalystSession.SchemeName).RequireRole(Analyst, Admin))
            .AddPolicy(AnalystSession.PagePolicy, p => p.AddAuthenticationSchemes(AnalystSession.SchemeName).RequireRole(Analyst));
        services.AddSingleton<ApiKeyRing>();
        return services;
    }
}
