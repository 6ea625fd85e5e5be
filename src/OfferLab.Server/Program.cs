using OfferLab.Server.Health;
using OfferLab.Server.Hosting;
using Scalar.AspNetCore;

// Settings files sit beside the binaries, so the server starts the same from any working directory.
var builder = WebApplication.CreateBuilder(new WebApplicationOptions { Args = args, ContentRootPath = AppContext.BaseDirectory });

builder.AddOfferLabOptions();
builder.AddOfferLabSilo();
builder.Services.AddProblemDetails();
builder.Services.AddOpenApi();
builder.Services.AddOfferLabHealthChecks();

var app = builder.Build();

app.UseExceptionHandler();
app.UseStatusCodePages();

app.MapOpenApi();
app.MapScalarApiReference();
app.MapHealthApi();
app.MapGet("/", () => TypedResults.Redirect("/scalar")).ExcludeFromDescription();

app.Run();

/// <summary>The server's entry point; public so that tests can find the assembly.</summary>
public partial class Program;
