using System.Text.Json;
using System.Text.Json.Serialization;
using OfferLab.Server.Assignments;
using OfferLab.Server.Auth;
using OfferLab.Server.Experiments;
using OfferLab.Server.Health;
using OfferLab.Server.Http;
using OfferLab.Server.Hosting;
using OfferLab.Server.Pages;
using OfferLab.Server.Reports;
using Scalar.AspNetCore;

// Settings files sit beside the binaries, so the server starts the same from any working directory.
var builder = WebApplication.CreateBuilder(new WebApplicationOptions { Args = args, ContentRootPath = AppContext.BaseDirectory });

builder.AddOfferLabOptions();
builder.AddOfferLabSilo();
builder.AddOfferLabAssignment();
builder.Services.AddSingleton(TimeProvider.System);
builder.Services.AddKeyedSingleton(OfferLab.Grains.GrainClock.Key, TimeProvider.System);
builder.Services.AddHostedService<ExperimentFolderLoader>();
builder.Services.AddHostedService<BackgroundGcKeepAlive>();
builder.Services.AddOfferLabAuthorization();
builder.Services.AddProblemDetails();
builder.Services.AddExceptionHandler<ExceptionProblems>();
builder.Services.ConfigureHttpJsonOptions(json =>
    json.SerializerOptions.Converters.Add(new JsonStringEnumConverter(JsonNamingPolicy.SnakeCaseLower)));
builder.Services.AddOpenApi();
builder.Services.AddOfferLabHealthChecks();

var app = builder.Build();

app.UseExceptionHandler();
app.UseStatusCodePages();
app.UseOfferLabAuthorization();

app.MapOpenApi();
app.MapScalarApiReference();
app.MapHealthApi();
app.MapRuntimeApi();
app.MapExperimentsApi();
app.MapAssignmentsApi();
app.MapOutcomesApi();
app.MapReportsApi();
app.MapReportPages();
app.MapGet("/", () => TypedResults.Redirect("/ui")).ExcludeFromDescription();

app.Run();

/// <summary>The server's entry point; public so that tests can find the assembly.</summary>
public partial class Program;
