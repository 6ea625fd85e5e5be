using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using OfferLab.Testing;

namespace OfferLab.Server.Tests.Experiments;

[Collection(ServerCollection.Name)]
public sealed class ExperimentsApiTests(ServerFixture fixture)
{
    private readonly HttpClient _editor = fixture.Server.CreateClient(TestKeys.Editor);
    private readonly HttpClient _analyst = fixture.Server.CreateClient(TestKeys.Analyst);

    [Fact]
    public async Task A_declaration_put_as_yaml_is_created_and_served_back_with_its_version()
    {
        var id = NewId();
        using var put = await PutAsync(id, SampleDeclarations.Yaml(id));
        Assert.Equal(HttpStatusCode.Created, put.StatusCode);
        Assert.Equal($"/v1/experiments/{id}", put.Headers.Location?.OriginalString);
        var created = await Json(put);
        Assert.Equal(1, created.GetProperty("version").GetInt32());
        Assert.True(created.GetProperty("created").GetBoolean());
        Assert.Equal("running", created.GetProperty("status").GetString());

        var got = await Json(await _analyst.GetAsync(new Uri($"/v1/experiments/{id}", UriKind.Relative)));
        Assert.Equal(id, got.GetProperty("id").GetString());
        Assert.Equal(1, got.GetProperty("version").GetInt32());
        Assert.Equal(SampleDeclarations.Yaml(id), got.GetProperty("source").GetString());
        Assert.Equal("Sides offered with a burger", got.GetProperty("declaration").GetProperty("name").GetString());
        Assert.Equal("cart", got.GetProperty("declaration").GetProperty("placement").GetString());
        Assert.Equal(["control", "fries"], got.GetProperty("arms").EnumerateArray().Select(a => a.GetProperty("id").GetString()));
        Assert.Equal("test editor", got.GetProperty("versions")[0].GetProperty("author").GetString());
    }

    [Fact]
    public async Task The_same_declaration_again_is_unchanged_and_makes_no_version()
    {
        var id = NewId();
        (await PutAsync(id, SampleDeclarations.Yaml(id))).Dispose();
        using var again = await PutAsync(id, SampleDeclarations.Yaml(id));
        Assert.Equal(HttpStatusCode.OK, again.StatusCode);
        var body = await Json(again);
        Assert.False(body.GetProperty("changed").GetBoolean());
        Assert.Equal(1, body.GetProperty("version").GetInt32());
    }

    [Fact]
    public async Task Adding_a_variant_makes_a_new_version_that_lists_the_change()
    {
        var id = NewId();
        (await PutAsync(id, SampleDeclarations.Yaml(id))).Dispose();
        using var changed = await PutAsync(id, SampleDeclarations.Yaml(id, withCombo: true));
        Assert.Equal(HttpStatusCode.OK, changed.StatusCode);
        var body = await Json(changed);
        Assert.True(body.GetProperty("changed").GetBoolean());
        Assert.Equal(2, body.GetProperty("version").GetInt32());
        Assert.Contains(body.GetProperty("changes").EnumerateArray(), c => c.GetString()!.Contains("combo", StringComparison.Ordinal));

        var got = await Json(await _analyst.GetAsync(new Uri($"/v1/experiments/{id}", UriKind.Relative)));
        Assert.Equal(2, got.GetProperty("versions").GetArrayLength());
        Assert.Equal(3, got.GetProperty("arms").GetArrayLength());
    }

    [Fact]
    public async Task Changing_alpha_of_a_running_experiment_is_refused_with_409_and_the_key_path()
    {
        var id = NewId();
        (await PutAsync(id, SampleDeclarations.Yaml(id))).Dispose();
        using var refused = await PutAsync(id, SampleDeclarations.Yaml(id, alpha: 0.1));
        Assert.Equal(HttpStatusCode.Conflict, refused.StatusCode);
        Assert.Equal("application/problem+json", refused.Content.Headers.ContentType?.MediaType);
        var problem = await Json(refused);
        Assert.True(problem.GetProperty("errors").TryGetProperty("stopping.alpha", out var messages));
        Assert.Contains("alpha", messages[0].GetString(), StringComparison.Ordinal);

        var got = await Json(await _analyst.GetAsync(new Uri($"/v1/experiments/{id}", UriKind.Relative)));
        Assert.Equal(1, got.GetProperty("version").GetInt32());
    }

    [Fact]
    public async Task An_invalid_declaration_is_a_400_with_the_same_messages_as_the_cli()
    {
        var id = NewId();
        var yaml = SampleDeclarations.Yaml(id).Replace("owner: growth-food", "owner: growth-food\ncolour: blue", StringComparison.Ordinal);
        using var response = await PutAsync(id, yaml);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var errors = (await Json(response)).GetProperty("errors");
        var message = errors.GetProperty("colour")[0].GetString();
        Assert.StartsWith($"{id}.yaml:5:1: colour: ", message, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NotFound, (await _analyst.GetAsync(new Uri($"/v1/experiments/{id}", UriKind.Relative))).StatusCode);
    }

    [Fact]
    public async Task A_json_body_is_accepted_like_yaml()
    {
        var id = NewId();
        var json = $$"""
            { "apiVersion": "offerlab/v1", "id": "{{id}}", "name": "JSON declared", "placement": "checkout",
              "variants": [ { "id": "control", "control": true, "offer": null },
                            { "id": "mouse", "offer": { "sku": "MOUSE-1", "title": "A mouse", "price": 19.9, "margin": 8 } } ] }
            """;
        using var response = await _editor.PutAsync(new Uri($"/v1/experiments/{id}", UriKind.Relative), new StringContent(json, Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var got = await Json(await _analyst.GetAsync(new Uri($"/v1/experiments/{id}", UriKind.Relative)));
        Assert.Equal("checkout", got.GetProperty("declaration").GetProperty("placement").GetString());
    }

    [Fact]
    public async Task The_id_in_the_route_must_match_the_declaration()
    {
        var id = NewId();
        using var response = await PutAsync(id, SampleDeclarations.Yaml(NewId()));
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.True((await Json(response)).GetProperty("errors").TryGetProperty("id", out _));
    }

    [Fact]
    public async Task Lifecycle_moves_through_pause_resume_and_conclude_and_refuses_the_rest()
    {
        var id = NewId();
        (await PutAsync(id, SampleDeclarations.Yaml(id))).Dispose();

        Assert.Equal("paused", await MoveAsync(id, "pause", HttpStatusCode.OK));
        await MoveAsync(id, "pause", HttpStatusCode.Conflict);
        Assert.Equal("running", await MoveAsync(id, "resume", HttpStatusCode.OK));
        Assert.Equal("concluded", await MoveAsync(id, "conclude", HttpStatusCode.OK));
        await MoveAsync(id, "resume", HttpStatusCode.Conflict);

        using var change = await PutAsync(id, SampleDeclarations.Yaml(id, withCombo: true));
        Assert.Equal(HttpStatusCode.Conflict, change.StatusCode);

        var got = await Json(await _analyst.GetAsync(new Uri($"/v1/experiments/{id}", UriKind.Relative)));
        Assert.Equal("concluded", got.GetProperty("status").GetString());
        Assert.Equal(["running", "paused", "running", "concluded"],
            got.GetProperty("lifecycle").EnumerateArray().Select(e => e.GetProperty("to").GetString()));
    }

    [Fact]
    public async Task A_draft_starts_on_resume()
    {
        var id = NewId();
        using var put = await _editor.PutAsync(new Uri($"/v1/experiments/{id}?draft=true", UriKind.Relative), Yaml(SampleDeclarations.Yaml(id)));
        Assert.Equal("draft", (await Json(put)).GetProperty("status").GetString());
        await MoveAsync(id, "pause", HttpStatusCode.Conflict);
        Assert.Equal("running", await MoveAsync(id, "resume", HttpStatusCode.OK));
    }

    [Fact]
    public async Task Unknown_experiments_are_404_problems()
    {
        using var get = await _analyst.GetAsync(new Uri("/v1/experiments/never-declared", UriKind.Relative));
        Assert.Equal(HttpStatusCode.NotFound, get.StatusCode);
        Assert.Equal("application/problem+json", get.Content.Headers.ContentType?.MediaType);
        using var pause = await _editor.PostAsync(new Uri("/v1/experiments/never-declared/pause", UriKind.Relative), null);
        Assert.Equal(HttpStatusCode.NotFound, pause.StatusCode);
    }

    [Fact]
    public async Task The_list_shows_status_version_and_arms()
    {
        var id = NewId();
        (await PutAsync(id, SampleDeclarations.Yaml(id))).Dispose();
        var list = await Json(await _analyst.GetAsync(new Uri("/v1/experiments", UriKind.Relative)));
        var mine = list.GetProperty("experiments").EnumerateArray().Single(e => e.GetProperty("id").GetString() == id);
        Assert.Equal("running", mine.GetProperty("status").GetString());
        Assert.Equal(1, mine.GetProperty("version").GetInt32());
        Assert.Equal("active", mine.GetProperty("arms")[1].GetProperty("state").GetString());
    }

    internal static string NewId() => "exp-" + Guid.NewGuid().ToString("N")[..12];

    internal static StringContent Yaml(string text) => new(text, Encoding.UTF8, "application/yaml");

    private Task<HttpResponseMessage> PutAsync(string id, string yaml) =>
        _editor.PutAsync(new Uri($"/v1/experiments/{id}", UriKind.Relative), Yaml(yaml));

    private async Task<string?> MoveAsync(string id, string action, HttpStatusCode expected)
    {
        using var response = await _editor.PostAsync(new Uri($"/v1/experiments/{id}/{action}", UriKind.Relative), null);
        Assert.Equal(expected, response.StatusCode);
        var body = await Json(response);
        return expected == HttpStatusCode.OK ? body.GetProperty("status").GetString() : body.GetProperty("detail").GetString();
    }

    internal static async Task<JsonElement> Json(HttpResponseMessage response)
    {
        var text = await response.Content.ReadAsStringAsync();
        Assert.False(string.IsNullOrEmpty(text), $"{(int)response.StatusCode} with an empty body");
        return JsonDocument.Parse(text).RootElement.Clone();
    }
}
