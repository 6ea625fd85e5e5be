using System.Net;
using System.Text.Json;
using OfferLab.Server.Tests.Experiments;
using OfferLab.Testing;

namespace OfferLab.Server.Tests.Assignments;

/// <summary>The storefront routes under bad and hostile input: 4xx problems, never a 5xx.</summary>
[Collection(ServerCollection.Name)]
public sealed class HostileAssignTests(ServerFixture fixture)
{
    private readonly Storefront _shop = new(fixture.Server);

    [Theory]
    [InlineData("""{"customerId":"c","sessionId":"s"}""", "experiment")]
    [InlineData("""{"customerId":"c","sessionId":"s","experiment":"a-b","placement":"cart"}""", "experiment")]
    [InlineData("""{"sessionId":"s","experiment":"a-b"}""", "customerId")]
    [InlineData("""{"customerId":"c\u0000","sessionId":"s","experiment":"a-b"}""", "customerId")]
    [InlineData("""{"customerId":"c","sessionId":"s\n","experiment":"a-b"}""", "sessionId")]
    [InlineData("""{"customerId":"c","sessionId":"s","experiment":"A/B#?"}""", "experiment")]
    [InlineData("""{"customerId":"c","sessionId":"s","placement":"basket"}""", "placement")]
    [InlineData("""{"customerId":"c","sessionId":"s","experiment":"a-b","attributes":{"tier":["gold"]}}""", "attributes.tier")]
    [InlineData("""{"customerId":"c","sessionId":"s","experiment":"a-b","attributes":{"tier":null}}""", "attributes.tier")]
    [InlineData("""{"customerId":"c","sessionId":"s","experiment":"a-b","attributes":{"spend":1e999999}}""", "attributes.spend")]
    [InlineData("""{"customerId":"c","sessionId":"s","experiment":"a-b","attributes":{"tier":"gold\ud800"}}""", "attributes.tier")]
    public async Task Invalid_assign_requests_are_400_naming_the_field(string body, string field)
    {
        var (status, problem) = await _shop.SendRawAsync("/v1/assign", body);
        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.True(problem.GetProperty("errors").TryGetProperty(field, out _), problem.ToString());
    }

    [Theory]
    [InlineData("""{"customerId":""")]
    [InlineData("""{"customerId":5,"sessionId":"s","experiment":"a-b"}""")]
    [InlineData("""[]""")]
    [InlineData("""null""")]
    [InlineData("")]
    [InlineData("""{"customerId":"c\ud800","sessionId":"s","experiment":"a-b"}""")]
    [InlineData("""{"customerId":"c","sessionId":"s","experiment":"a-b","attributes":{"\udfff":"x"}}""")]
    public async Task Malformed_assign_bodies_are_400(string body)
    {
        var (status, _) = await _shop.SendRawAsync("/v1/assign", body);
        Assert.Equal(HttpStatusCode.BadRequest, status);
    }

    [Theory]
    [InlineData("""{"customerId":""", "not valid JSON")]
    [InlineData("""{"customerId":5,"sessionId":"s","experiment":"a-b"}""", "customerId")]
    [InlineData("""null""", "JSON object")]
    public async Task Malformed_assign_bodies_are_problems_under_body_saying_why(string body, string expected)
    {
        var (status, problem) = await _shop.SendRawAsync("/v1/assign", body);
        Assert.Equal(HttpStatusCode.BadRequest, status);
        var message = Assert.Single(problem.GetProperty("errors").GetProperty("(body)").EnumerateArray()).GetString();
        Assert.Contains(expected, message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("text/plain")]
    [InlineData("application/x-www-form-urlencoded")]
    public async Task Assign_bodies_of_other_media_types_are_415(string mediaType)
    {
        var (status, problem) = await _shop.SendRawAsync("/v1/assign", """{"customerId":"c","sessionId":"s","experiment":"a-b"}""", mediaType);
        Assert.Equal(HttpStatusCode.UnsupportedMediaType, status);
        Assert.Equal(415, problem.GetProperty("status").GetInt32());
    }

    [Fact]
    public async Task Ids_with_odd_characters_are_data_and_work()
    {
        var id = ExperimentsApiTests.NewId();
        await _shop.DeclareAsync(Storefront.Yaml(id));
        var answer = await _shop.AssignOneAsync(id, "cust/é#1?%20|x", "sess\\ñ/2#");
        Assert.Equal("assigned", answer.GetProperty("reason").GetString());
        var (_, recorded) = await _shop.OutcomeAsync(new { token = answer.GetProperty("token").GetString(), kind = "accept", idempotencyKey = "ключ/#?" });
        Assert.True(recorded.GetProperty("recorded").GetBoolean());
    }

    [Fact]
    public async Task Unknown_experiments_are_404_and_huge_bodies_413()
    {
        var (missing, _) = await _shop.SendRawAsync("/v1/assign", """{"customerId":"c","sessionId":"s","experiment":"never-declared"}""");
        Assert.Equal(HttpStatusCode.NotFound, missing);
        var huge = "{\"outcomes\":[" + string.Join(",", Enumerable.Repeat("{\"token\":\"" + new string('x', 1000) + "\",\"kind\":\"accept\"}", 1100)) + "]}";
        var (tooLarge, _) = await _shop.SendRawAsync("/v1/outcomes", huge);
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, tooLarge);
    }

    /// <summary>
    /// An assign body past 1 MiB is refused as too large, a problem document, before it is parsed (it was read whole up
    /// to Kestrel's 30 MB and refused for its id), whether or not the client announced it with Expect: 100-continue;
    /// the largest valid cart still fits.
    /// </summary>
    [Fact]
    public async Task Assign_bodies_past_a_mebibyte_are_413_and_the_largest_valid_cart_fits()
    {
        var huge = "{\"customerId\":\"c\",\"sessionId\":\"s\",\"experiment\":\"a-b\",\"attributes\":{\"pad\":\"" + new string('y', 2 * 1024 * 1024) + "\"}}";
        var (tooLarge, problem) = await _shop.SendRawAsync("/v1/assign", huge);
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, tooLarge);
        Assert.Equal(413, problem.GetProperty("status").GetInt32());

        // Announced with Expect: 100-continue, the same upload is answered before any of it is sent.
        (tooLarge, problem) = await _shop.SendOversizedAsync("/v1/assign", huge);
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, tooLarge);
        Assert.Equal(413, problem.GetProperty("status").GetInt32());

        var id = ExperimentsApiTests.NewId();
        await _shop.DeclareAsync(Storefront.Yaml(id));
        var items = JsonSerializer.Serialize(Enumerable.Range(0, 200).Select(i => $"{i:D3}" + new string('€', 253)));
        var largest = $$$"""{"customerId":"c-large","sessionId":"s","experiment":"{{{id}}}","cart":{"skus":{{{items}}},"categories":{{{items}}}}}""";
        Assert.InRange(System.Text.Encoding.UTF8.GetByteCount(largest), 300_000, 1024 * 1024);
        var (ok, answer) = await _shop.SendRawAsync("/v1/assign", largest);
        Assert.True(ok == HttpStatusCode.OK, answer.ToString());
    }

    /// <summary>
    /// A client that sends a refused body whole, without <c>Expect: 100-continue</c> (as curl and most scripts do),
    /// finishes its write and reads a 413 problem: the server answers from the declared length and then reads the rest
    /// of the body away. When the assign route also gave Kestrel its 1 MiB limit, Kestrel closed such a connection with
    /// the body unread, and a third of these writes failed on the reset (a broken pipe) instead. Ten tries a route.
    /// </summary>
    [Theory]
    [InlineData("/v1/assign")]
    [InlineData("/v1/outcomes")]
    public async Task A_refused_body_sent_whole_gets_its_413_rather_than_a_reset(string route)
    {
        var body = new byte[2 * 1024 * 1024];
        body.AsSpan().Fill((byte)' ');
        for (var attempt = 0; attempt < 10; attempt++)
        {
            using var socket = new System.Net.Sockets.TcpClient();
            await socket.ConnectAsync(fixture.Server.BaseAddress.Host, fixture.Server.BaseAddress.Port);
            var stream = socket.GetStream();
            var head = $"POST {route} HTTP/1.1\r\nHost: {fixture.Server.BaseAddress.Authority}\r\nAuthorization: Bearer {TestKeys.Storefront}\r\n" +
                $"Content-Type: application/json\r\nContent-Length: {body.Length}\r\n\r\n";
            await stream.WriteAsync(System.Text.Encoding.ASCII.GetBytes(head));
            for (var offset = 0; offset < body.Length; offset += 64 * 1024)
            {
                // A reset here is the failure this test is about: the write throws an IOException.
                await stream.WriteAsync(body.AsMemory(offset, 64 * 1024));
            }

            var answer = await ReadHeadAsync(stream);
            Assert.StartsWith("HTTP/1.1 413 ", answer, StringComparison.Ordinal);
            Assert.Contains("content-type: application/problem+json", answer, StringComparison.OrdinalIgnoreCase);
        }
    }

    /// <summary>The status line and headers of an HTTP/1.1 response, read up to the blank line that ends them.</summary>
    private static async Task<string> ReadHeadAsync(System.IO.Stream stream)
    {
        var head = new List<byte>();
        var one = new byte[1];
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        while (head.Count < 64 * 1024)
        {
            if (await stream.ReadAsync(one, timeout.Token) == 0)
            {
                break;
            }

            head.Add(one[0]);
            if (head.Count >= 4 && head[^4] == '\r' && head[^3] == '\n' && head[^2] == '\r' && head[^1] == '\n')
            {
                break;
            }
        }

        return System.Text.Encoding.ASCII.GetString(head.ToArray());
    }

    [Theory]
    [InlineData(null, HttpStatusCode.Unauthorized)]
    [InlineData(TestKeys.Analyst, HttpStatusCode.Forbidden)]
    [InlineData(TestKeys.Editor, HttpStatusCode.Forbidden)]
    public async Task Only_storefront_and_admin_keys_assign(string? key, HttpStatusCode expected)
    {
        using var client = fixture.Server.CreateClient(key);
        using var assign = await client.PostAsync(new Uri("/v1/assign", UriKind.Relative), new StringContent("{}", System.Text.Encoding.UTF8, "application/json"));
        using var outcome = await client.PostAsync(new Uri("/v1/outcomes", UriKind.Relative), new StringContent("{}", System.Text.Encoding.UTF8, "application/json"));
        Assert.Equal(expected, assign.StatusCode);
        Assert.Equal(expected, outcome.StatusCode);
    }
}
