using System.Text.Json;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;
using Microsoft.Net.Http.Headers;
using OfferLab.Core.ReportFormats;

namespace OfferLab.Server.Pages;

/// <summary>
/// Content negotiation for the report route: the handler answers the JSON report; when the client prefers CSV,
/// Markdown or HTML (the <c>Accept</c> header), this filter renders that same JSON document into the text form,
/// so every form always says exactly what the JSON says. Problems (404, 401, …) pass through untouched.
/// </summary>
internal sealed class ReportFormatsFilter(IOptions<Microsoft.AspNetCore.Http.Json.JsonOptions> json) : IEndpointFilter
{
    private static readonly (string MediaType, Func<ReportTable, string> Render)[] Forms =
    [
        ("text/csv", ReportText.Csv),
        ("text/markdown", ReportText.Markdown),
        ("text/html", ReportText.Html),
    ];

    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(next);
        var result = await next(context);
        var form = Preferred(context.HttpContext.Request);
        // A handler returning Results<…> wraps the result it chose.
        var chosen = result is INestedHttpResult nested ? nested.Result : result;
        if (form is null || chosen is not IValueHttpResult { Value: { } report } || chosen is IStatusCodeHttpResult { StatusCode: not (null or 200) })
        {
            return result;
        }

        using var document = JsonSerializer.SerializeToDocument(report, report.GetType(), json.Value.SerializerOptions);
        var text = form.Value.Render(ReportTable.Parse(document.RootElement));
        return TypedResults.Text(text, form.Value.MediaType + "; charset=utf-8");
    }

    /// <summary>The text form the Accept header prefers over JSON, if any (highest quality first, JSON wins ties).</summary>
    private static (string MediaType, Func<ReportTable, string> Render)? Preferred(HttpRequest request)
    {
        if (!MediaTypeHeaderValue.TryParseList(request.Headers.Accept, out var accepted))
        {
            return null;
        }

        foreach (var media in accepted.OrderByDescending(m => m.Quality ?? 1.0))
        {
            if (media.MediaType.Equals("application/json", StringComparison.OrdinalIgnoreCase) || media.MediaType.Equals("*/*", StringComparison.OrdinalIgnoreCase))
            {
                return null;
            }

            foreach (var form in Forms)
            {
                if (media.MediaType.Equals(form.MediaType, StringComparison.OrdinalIgnoreCase))
                {
                    return form;
                }
            }
        }

        return null;
    }
}
