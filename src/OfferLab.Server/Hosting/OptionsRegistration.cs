using Microsoft.Extensions.Options;

namespace OfferLab.Server.Hosting;

internal static class OptionsRegistration
{
    /// <summary>Binds <see cref="OfferLabOptions"/> and fails the start with every configuration error listed.</summary>
    public static WebApplicationBuilder AddOfferLabOptions(this WebApplicationBuilder builder)
    {
        builder.Services.AddSingleton<IValidateOptions<OfferLabOptions>, OfferLabOptionsValidator>();
        builder.Services.AddOptions<OfferLabOptions>()
            .Bind(builder.Configuration.GetSection(OfferLabOptions.Section))
            .ValidateOnStart();
        return builder;
    }

    /// <summary>
    /// Reads and validates the options before the host is built, for the parts of start-up (the silo's
    /// ports) that need them then.
    /// </summary>
    public static OfferLabOptions ReadOfferLabOptions(this IConfiguration configuration)
    {
        var options = new OfferLabOptions();
        configuration.GetSection(OfferLabOptions.Section).Bind(options);
        var result = new OfferLabOptionsValidator().Validate(null, options);
        if (result.Failed)
        {
            throw new OptionsValidationException(OfferLabOptions.Section, typeof(OfferLabOptions), result.Failures);
        }

        return options;
    }
}
