using System.Net;
using OfferLab.Server.Tests.Experiments;
using OfferLab.Testing;

namespace OfferLab.Server.Tests.Cli;

/// <summary>The real <c>offerlab apply</c> against the real server.</summary>
[Collection(ServerCollection.Name)]
public sealed class ApplyCommandTests(ServerFixture fixture)
{
    [Fact]
    public async Task Apply_creates_the_examples_then_reports_them_unchanged()
    {
        await using var server = await ServerProcess.StartAsync(fixture.Azurite);
        var examples = Path.Combine(RepositoryPaths.Root, "experiments");

        var (first, firstOutput) = await OfferlabAsync("apply", examples, "--server", server.BaseAddress.ToString(), "--key", TestKeys.Editor);
        Assert.True(first == 0, firstOutput);
        var ids = Directory.GetFiles(examples, "*.yaml").Select(f => Path.GetFileNameWithoutExtension(f)).ToList();
        Assert.NotEmpty(ids);
        foreach (var id in ids)
        {
            Assert.Contains($"{id}: created (version 1)", firstOutput, StringComparison.Ordinal);
        }

        var (second, secondOutput) = await OfferlabAsync("apply", examples, "--server", server.BaseAddress.ToString(), "--key", TestKeys.Editor);
        Assert.True(second == 0, secondOutput);
        Assert.Equal(ids.Count, secondOutput.Split('\n').Count(l => l.EndsWith(": unchanged", StringComparison.Ordinal)));

        using var analyst = server.CreateClient(TestKeys.Analyst);
        foreach (var id in ids)
        {
            using var got = await analyst.GetAsync(new Uri($"/v1/experiments/{id}", UriKind.Relative));
            Assert.Equal(HttpStatusCode.OK, got.StatusCode);
        }
    }

    [Fact]
    public async Task Apply_prints_a_new_version_and_exits_1_on_a_refused_change()
    {
        var folder = Directory.CreateTempSubdirectory("offerlab-apply-");
        try
        {
            var id = ExperimentsApiTests.NewId();
            var file = Path.Combine(folder.FullName, id + ".yaml");
            var address = fixture.Server.BaseAddress.ToString();

            await File.WriteAllTextAsync(file, SampleDeclarations.Yaml(id));
            var (created, createdOutput) = await OfferlabAsync("apply", file, "--server", address, "--key", TestKeys.Editor);
            Assert.True(created == 0, createdOutput);

            await File.WriteAllTextAsync(file, SampleDeclarations.Yaml(id, withCombo: true));
            var (changed, changedOutput) = await OfferlabAsync("apply", file, "--server", address, "--key", TestKeys.Editor);
            Assert.True(changed == 0, changedOutput);
            Assert.Contains($"{id}: version 2: ", changedOutput, StringComparison.Ordinal);
            Assert.Contains("combo", changedOutput, StringComparison.Ordinal);

            await File.WriteAllTextAsync(file, SampleDeclarations.Yaml(id, withCombo: true, alpha: 0.1));
            var (refused, refusedOutput) = await OfferlabAsync("apply", file, "--server", address, "--key", TestKeys.Editor);
            Assert.Equal(1, refused);
            Assert.Contains("stopping.alpha", refusedOutput, StringComparison.Ordinal);
            Assert.Contains("HTTP 409", refusedOutput, StringComparison.Ordinal);

            var (forbidden, forbiddenOutput) = await OfferlabAsync("apply", file, "--server", address, "--key", TestKeys.Analyst);
            Assert.Equal(1, forbidden);
            Assert.Contains("HTTP 403", forbiddenOutput, StringComparison.Ordinal);
        }
        finally
        {
            folder.Delete(recursive: true);
        }
    }

    private static async Task<(int ExitCode, string Output)> OfferlabAsync(params string[] arguments)
    {
        var dll = RepositoryPaths.BuiltAssembly("OfferLab.Cli", "offerlab");
        await using var process = ChildProcess.Start("dotnet", [dll, .. arguments]);
        var code = await process.WaitForExitAsync(TimeSpan.FromSeconds(60));
        return (code, process.Output);
    }
}
