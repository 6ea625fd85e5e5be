using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using OfferLab.Server.Http;

namespace OfferLab.Server.Tests.Http;

/// <summary>
/// What escapes a handler becomes a problem with a status a client can act on: a cluster or storage fault (and a
/// cancellation the client did not ask for, which is how Orleans' grain directory fails a lookup while a node joins
/// or leaves) a 503 to retry; a client that went away a 499; anything else a 500.
/// </summary>
public sealed class ExceptionProblemsTests
{
    [Theory]
    [InlineData(typeof(OperationCanceledException), false, 503)]
    [InlineData(typeof(TaskCanceledException), false, 503)]
    [InlineData(typeof(OperationCanceledException), true, 499)]
    [InlineData(typeof(Orleans.Runtime.SiloUnavailableException), false, 503)]
    [InlineData(typeof(TimeoutException), false, 503)]
    [InlineData(typeof(InvalidOperationException), false, 500)]
    public async Task An_escaped_exception_gets_the_status_a_client_can_act_on(Type exceptionType, bool clientAborted, int status)
    {
        using var services = new ServiceCollection().AddLogging().AddProblemDetails().BuildServiceProvider();
        using var aborted = new CancellationTokenSource();
        var context = new DefaultHttpContext { RequestServices = services, RequestAborted = aborted.Token };
        context.Request.Method = "POST";
        context.Request.Path = "/v1/assign";
        context.Request.Headers.Accept = "application/json";
        context.Response.Body = new MemoryStream();
        if (clientAborted)
        {
            await aborted.CancelAsync();
        }

        var handler = new ExceptionProblems(services.GetRequiredService<Microsoft.AspNetCore.Http.IProblemDetailsService>(), NullLogger<ExceptionProblems>.Instance);
        Assert.True(await handler.TryHandleAsync(context, (Exception)Activator.CreateInstance(exceptionType)!, CancellationToken.None));

        Assert.Equal(status, context.Response.StatusCode);
        if (clientAborted)
        {
            return; // nobody is there to read a body
        }

        context.Response.Body.Position = 0;
        var body = await new StreamReader(context.Response.Body).ReadToEndAsync();
        Assert.Contains($"\"status\":{status}", body, StringComparison.Ordinal);
        Assert.DoesNotContain(" at ", body, StringComparison.Ordinal);
    }
}
