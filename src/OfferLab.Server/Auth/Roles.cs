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
        // Reading routes also take the page's session cookie; everything that changes state takes API keys only. The
        // storefront's routes are checked by ApiKeyGate (RequireApiKey below), not by a policy.
        services.AddAuthorizationBuilder()
            .AddPolicy(Editor, p => p.RequireRole(Editor, Admin))
            .AddPolicy(Admin, p => p.RequireRole(Admin))
            .AddPolicy(Analyst, p => p.AddAuthenticationSchemes(ApiKeyAuthenticationHandler.SchemeName, AnalystSession.SchemeName).RequireRole(Analyst, Admin))
            .AddPolicy(AnalystSession.PagePolicy, p => p.AddAuthenticationSchemes(AnalystSession.SchemeName).RequireRole(Analyst));
        services.AddSingleton<ApiKeyRing>();
        return services;
    }

    /// <summary>
    /// Routing, then the access checks: <see cref="ApiKeyGate"/> for the routes that take API keys only
    /// (<see cref="RequireApiKey{TBuilder}"/>), ASP.NET Core's authentication and authorization for the others.
    /// </summary>
    public static IApplicationBuilder UseOfferLabAuthorization(this IApplicationBuilder app)
    {
        app.UseRouting();
        app.UseMiddleware<ApiKeyGate>();
        app.UseAuthentication();
        app.UseAuthorization();
        return app;
    }

    /// <summary>
    /// The route takes API keys of <paramref name="role"/> or <c>admin</c>, checked by <see cref="ApiKeyGate"/>, which then
    /// runs the endpoint itself: no middleware after the gate runs for such a route, so it may not rely on any (nor carry
    /// <c>RequireAuthorization</c>).
    /// </summary>
    public static TBuilder RequireApiKey<TBuilder>(this TBuilder builder, string role)
        where TBuilder : IEndpointConventionBuilder => builder.WithMetadata(new ApiKeyRoles(role, Admin));
}
