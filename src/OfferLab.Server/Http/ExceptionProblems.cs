using Orleans.Runtime;
using Microsoft.AspNetCore.Diagnostics;

namespace OfferLab.Server.Http;

/// <summary>
/// Turns what escapes a handler into a problem: a malformed request (<see cref="BadHttpRequestException"/>)
/// keeps its 4xx; a storage or cluster fault becomes 503 so clients retry; nothing leaks a stack trace.
/// </summary>
internal sealed class ExceptionProblems(IProblemDetailsService problems, ILogger<ExceptionProblems> logger) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        var (status, detail) = exception switch
        {
            BadHttpRequestException bad => (bad.StatusCode, bad.Message),
            OperationCanceledException when httpContext.RequestAborted.IsCancellationRequested => (499, "The client went away."),
            // A cancellation the client did not ask for is the cluster's: Orleans' grain directory cancels its lookups while
            // a node joins or leaves, and the request succeeds when retried.
            TimeoutException or OrleansException or OperationCanceledException or Azure.RequestFailedException or HttpRequestException or OfferLab.Storage.AzureTable.Journal.JournalUnavailableException =>
                (StatusCodes.Status503ServiceUnavailable, "OfferLab could not reach its storage or cluster in time; retry shortly."),
            _ => (StatusCodes.Status500InternalServerError, "An unexpected error occurred; it has been logged."),
        };

        if (status >= 500)
        {
            logger.LogError(exception, "{Method} {Path} failed with {Status}.", httpContext.Request.Method, httpContext.Request.Path, status);
        }

        httpContext.Response.StatusCode = status;
        var problem = new ProblemDetailsContext { HttpContext = httpContext, Exception = exception, ProblemDetails = { Status = status, Detail = detail } };
        if (!await problems.TryWriteAsync(problem))
        {
            // The client accepts no JSON (e.g. only text/csv): the answer is still this problem, not a bare 500.
            await httpContext.Response.WriteAsJsonAsync(problem.ProblemDetails, (System.Text.Json.JsonSerializerOptions?)null, "application/problem+json", cancellationToken);
        }

        return true;
    }
}
