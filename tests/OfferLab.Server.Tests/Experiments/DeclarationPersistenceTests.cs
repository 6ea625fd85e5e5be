using System.Net;
using OfferLab.Testing;

namespace OfferLab.Server.Tests.Experiments;

[Collection(ServerCollection.Name)]
public sealed class DeclarationPersistenceTests(ServerFixture fixture)
{
    [Fact]
    public async Task Declarations_and_their_versions_survive_a_hard_kill_and_restart()
    {
        await using var server = await ServerProcess.StartAsync(fixture.Azurite);
        var id = ExperimentsApiTests.NewId();
        using (var editor = server.CreateClient(TestKeys.Editor))
        {
            (await editor.PutAsync(new Uri($"/v1/experiments/{id}", UriKind.Relative), ExperimentsApiTests.Yaml(SampleDeclarations.Yaml(id)))).Dispose();
            using var v2 = await editor.PutAsync(new Uri($"/v1/experiments/{id}", UriKind.Relative), ExperimentsApiTests.Yaml(SampleDeclarations.Yaml(id, withCombo: true)));
            Assert.Equal(HttpStatusCode.OK, v2.StatusCode);
            using var paused = await editor.PostAsync(new Uri($"/v1/experiments/{id}/pause", UriKind.Relative), null);
            Assert.Equal(HttpStatusCode.OK, paused.StatusCode);
        }

        await server.KillAsync();
        await server.RestartAsync();

        using var analyst = server.CreateClient(TestKeys.Analyst);
        var got = await ExperimentsApiTests.Json(await analyst.GetAsync(new Uri($"/v1/experiments/{id}", UriKind.Relative)));
        Assert.Equal(2, got.GetProperty("version").GetInt32());
        Assert.Equal("paused", got.GetProperty("status").GetString());
        Assert.Equal(SampleDeclarations.Yaml(id, withCombo: true), got.GetProperty("source").GetString());
        var list = await ExperimentsApiTests.Json(await analyst.GetAsync(new Uri("/v1/experiments", UriKind.Relative)));
        Assert.Contains(list.GetProperty("experiments").EnumerateArray(), e => e.GetProperty("id").GetString() == id);
    }

    [Fact]
    public async Task The_experiments_folder_is_applied_at_start_and_a_broken_file_is_skipped()
    {
        var folder = Directory.CreateTempSubdirectory("offerlab-experiments-");
        try
        {
            var good = ExperimentsApiTests.NewId();
            var broken = ExperimentsApiTests.NewId();
            await File.WriteAllTextAsync(Path.Combine(folder.FullName, "good.yaml"), SampleDeclarations.Yaml(good));
            await File.WriteAllTextAsync(Path.Combine(folder.FullName, "broken.yaml"), SampleDeclarations.Yaml(broken).Replace("placement: cart", "placement: nowhere", StringComparison.Ordinal));

            await using var server = await ServerProcess.StartAsync(fixture.Azurite, new Dictionary<string, string?> { ["OfferLab__Experiments__Path"] = folder.FullName });
            using var analyst = server.CreateClient(TestKeys.Analyst);
            using var goodResponse = await analyst.GetAsync(new Uri($"/v1/experiments/{good}", UriKind.Relative));
            using var brokenResponse = await analyst.GetAsync(new Uri($"/v1/experiments/{broken}", UriKind.Relative));
            Assert.Equal(HttpStatusCode.OK, goodResponse.StatusCode);
            Assert.Equal("startup", (await ExperimentsApiTests.Json(goodResponse)).GetProperty("versions")[0].GetProperty("author").GetString());
            Assert.Equal(HttpStatusCode.NotFound, brokenResponse.StatusCode);
            Assert.Contains("broken.yaml:5:12: placement: unknown value 'nowhere'", server.Output, StringComparison.Ordinal);
        }
        finally
        {
            folder.Delete(recursive: true);
        }
    }
}
