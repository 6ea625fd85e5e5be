using System.Net;
using System.Text;
using OfferLab.Testing;

namespace OfferLab.Server.Tests.Experiments;

/// <summary>Broken and hostile requests get a 4xx problem, never a 5xx, and the server stays up.</summary>
[Collection(ServerCollection.Name)]
public sealed class HostileRequestTests(ServerFixture fixture)
{
    private readonly HttpClient _editor = fixture.Server.CreateClient(TestKeys.Editor);

    public static TheoryData<string> BadIds => new()
    {
        "/v1/experiments/a%2Fb", "/v1/experiments/a%23b", "/v1/experiments/a%3Fb", "/v1/experiments/a%25b",
        "/v1/experiments/UPPER", "/v1/experiments/tab%09in", "/v1/experiments/-leading",
        "/v1/experiments/x", "/v1/experiments/" + new string('a', 64), "/v1/experiments/caf%C3%A9", "/v1/experiments/a%5Cb",
    };

    [Theory]
    [MemberData(nameof(BadIds))]
    public async Task Odd_ids_are_400_problems(string route)
    {
        using var put = await _editor.PutAsync(new Uri(route, UriKind.Relative), ExperimentsApiTests.Yaml("apiVersion: offerlab/v1"));
        using var pause = await _editor.PostAsync(new Uri(route + "/pause", UriKind.Relative), null);
        foreach (var response in new[] { put, pause })
        {
            Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
            Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        }
    }

    [Fact]
    public async Task A_nul_in_the_path_is_400_from_kestrel_itself()
    {
        // Kestrel refuses a decoded NUL before any middleware runs, so this 400 carries no problem body.
        using var put = await _editor.PutAsync(new Uri("/v1/experiments/%00nul", UriKind.Relative), ExperimentsApiTests.Yaml("id: x"));
        Assert.Equal(HttpStatusCode.BadRequest, put.StatusCode);
    }

    [Fact]
    public async Task A_huge_body_is_413()
    {
        var id = ExperimentsApiTests.NewId();
        var body = "apiVersion: offerlab/v1\n# " + new string('x', 400_000) + "\n";
        using var response = await _editor.PutAsync(new Uri($"/v1/experiments/{id}", UriKind.Relative), ExperimentsApiTests.Yaml(body));
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    /// <summary>
    /// A body sent without a length (chunked) is read to its end in growing pooled buffers: past the limit it is a 413,
    /// under it it is read whole, however many times the buffer had to grow, and multi-byte characters split across
    /// the transfer's chunks come through intact.
    /// </summary>
    [Fact]
    public async Task A_body_without_a_length_is_read_whole_and_limited_all_the_same()
    {
        var refusedId = ExperimentsApiTests.NewId();
        using var huge = new ChunkedContent("apiVersion: offerlab/v1\n# " + new string('x', 400_000) + "\n", "application/yaml");
        using var refused = await _editor.PutAsync(new Uri($"/v1/experiments/{refusedId}", UriKind.Relative), huge);
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, refused.StatusCode);

        var id = ExperimentsApiTests.NewId();
        var comment = "# " + string.Concat(Enumerable.Repeat("frites-é-€-𝄞 ", 8_000)) + "\n";
        using var chunked = new ChunkedContent(comment + Assignments.Storefront.Yaml(id), "application/yaml");
        using var created = await _editor.PutAsync(new Uri($"/v1/experiments/{id}", UriKind.Relative), chunked);
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);

        using var read = await fixture.Server.CreateClient(TestKeys.Analyst).GetAsync(new Uri($"/v1/experiments/{id}", UriKind.Relative));
        using var body = System.Text.Json.JsonDocument.Parse(await read.Content.ReadAsStringAsync());
        Assert.StartsWith(comment, body.RootElement.GetProperty("source").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_body_that_is_not_utf8_is_400()
    {
        var id = ExperimentsApiTests.NewId();
        using var content = new ByteArrayContent([0x69, 0x64, 0x3a, 0x20, 0xff, 0xfe, 0xc3, 0x28]);
        content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/yaml");
        using var response = await _editor.PutAsync(new Uri($"/v1/experiments/{id}", UriKind.Relative), content);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }

    [Theory]
    [InlineData("application/xml")]
    [InlineData("image/png")]
    public async Task Other_media_types_are_415(string mediaType)
    {
        var id = ExperimentsApiTests.NewId();
        using var response = await _editor.PutAsync(new Uri($"/v1/experiments/{id}", UriKind.Relative), new StringContent("<x/>", Encoding.UTF8, mediaType));
        Assert.Equal(HttpStatusCode.UnsupportedMediaType, response.StatusCode);
    }

    [Theory]
    [InlineData("application/json", "{ \"apiVersion\": ")]
    [InlineData("application/json", "[1, 2, 3]")]
    [InlineData("application/yaml", "")]
    [InlineData("application/yaml", "\t- : : :\n\u0001\u0002")]
    [InlineData("application/yaml", "&a [*a, *a, *a]")]
    public async Task Broken_declarations_are_400_with_errors(string mediaType, string body)
    {
        var id = ExperimentsApiTests.NewId();
        using var response = await _editor.PutAsync(new Uri($"/v1/experiments/{id}", UriKind.Relative), new StringContent(body, Encoding.UTF8, mediaType));
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = await ExperimentsApiTests.Json(response);
        Assert.NotEmpty(problem.GetProperty("errors").EnumerateObject());

        using var alive = await fixture.Server.CreateClient().GetAsync(new Uri("/health/live", UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, alive.StatusCode);
    }

    /// <summary>Content of unknown length, written in 8 KiB pieces: HttpClient sends it chunked.</summary>
    private sealed class ChunkedContent : HttpContent
    {
        private readonly byte[] _bytes;

        public ChunkedContent(string text, string mediaType)
        {
            _bytes = Encoding.UTF8.GetBytes(text);
            Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue(mediaType);
        }

        protected override async Task SerializeToStreamAsync(Stream stream, System.Net.TransportContext? context)
        {
            for (var i = 0; i < _bytes.Length; i += 8 * 1024)
            {
                await stream.WriteAsync(_bytes.AsMemory(i, Math.Min(8 * 1024, _bytes.Length - i)));
                await stream.FlushAsync();
            }
        }

        protected override bool TryComputeLength(out long length)
        {
            length = 0;
            return false;
        }
    }
}
