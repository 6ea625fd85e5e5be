using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using OfferLab.Server.Tests.Experiments;
using OfferLab.Testing;

namespace OfferLab.Server.Tests.Assignments;

/// <summary>
/// Valid requests to every route that reads a body, mutated byte by byte (spans dropped, bytes replaced, hostile
/// fragments such as half a surrogate pair, a NUL, an invalid UTF-8 byte or a 400-digit number put in), sent to the real
/// server: whatever the mutation, the answer is never a 5xx, and every refusal is a problem. A fixed seed, so a failure
/// reproduces; the failing bodies are in the message.
/// </summary>
[Collection(ServerCollection.Name)]
public sealed class MutatedBodyTests(ServerFixture fixture)
{
    private const int Seed = 20261202;

    private static readonly byte[][] Fragments =
    [
        .. new[]
        {
            "\\ud800", "\\udfff", "\\ud83d", "\\u0000", "\\u", "\\", "\"", "{", "}", "[", "]", ",", ":", "null", "true", "-0",
            "1e999", "-1e999", new string('9', 400), "NaN", "%00", "%2F", "#", "?", "/", " ", "\u202e", "\u00e9", "\ud83d\ude00",
        }.Select(Encoding.UTF8.GetBytes),
        [0x00], [0xFF], [0xC3], [0xED, 0xA0, 0x80], [0x07], [0x0A],
    ];

    private readonly Storefront _shop = new(fixture.Server);

    [Fact]
    public async Task Mutated_storefront_editor_and_login_bodies_are_never_a_5xx_and_refusals_are_problems()
    {
        var id = ExperimentsApiTests.NewId();
        var yaml = Storefront.Yaml(id);
        await _shop.DeclareAsync(yaml);
        var token = (await _shop.AssignOneAsync(id, "c-" + id, "s-" + id)).GetProperty("token").GetString()!;

        var assign = $$$"""{"customerId":"c-{{{id}}}","sessionId":"s2-{{{id}}}","experiment":"{{{id}}}","cart":{"skus":["BURGER-CLASSIC"],"categories":["burgers"]},"attributes":{"tier":"gold","days_since_purchase":4}}""";
        var placement = $$$"""{"customerId":"c2-{{{id}}}","sessionId":"s3-{{{id}}}","placement":"cart","cart":{"skus":["BURGER-CLASSIC"]}}""";
        var outcome = $$"""{"token":"{{token}}","kind":"accept","value":2.49,"idempotencyKey":"k-{{id}}"}""";
        var batch = $$"""{"outcomes":[{{outcome}},{"token":"{{token}}","kind":"decline"},{"token":"{{token}}","kind":"core_purchase","value":10}]}""";
        var login = $"key={Uri.EscapeDataString(TestKeys.Analyst)}&returnUrl=%2Fui";
        var cases = new (string Method, string Route, string? Key, string MediaType, string Body, int Count)[]
        {
            ("POST", "/v1/assign", TestKeys.Storefront, "application/json", assign, 300),
            ("POST", "/v1/assign", TestKeys.Storefront, "application/json", placement, 150),
            ("POST", "/v1/outcomes", TestKeys.Storefront, "application/json", outcome, 300),
            ("POST", "/v1/outcomes", TestKeys.Storefront, "application/json", batch, 200),
            ("PUT", $"/v1/experiments/{id}", TestKeys.Editor, "application/yaml", yaml, 200),
            ("PUT", $"/v1/experiments/{id}", TestKeys.Editor, "application/json", JsonDeclaration(id), 100),
            ("POST", "/ui/login", null, "application/x-www-form-urlencoded", login, 100),
        };

        var random = new Random(Seed);
        var requests = cases.SelectMany(c => Enumerable.Range(0, c.Count).Select(_ => (c.Method, c.Route, c.Key, c.MediaType, Body: Mutate(random, Encoding.UTF8.GetBytes(c.Body))))).ToList();
        var failures = new ConcurrentQueue<string>();
        using var client = fixture.Server.CreateClient();
        await Parallel.ForEachAsync(requests, new ParallelOptions { MaxDegreeOfParallelism = 8 }, async (request, cancellationToken) =>
        {
            using var message = new HttpRequestMessage(new HttpMethod(request.Method), new Uri(request.Route, UriKind.Relative));
            if (request.Key is not null)
            {
                message.Headers.Authorization = new AuthenticationHeaderValue("Bearer", request.Key);
            }

            message.Content = new ByteArrayContent(request.Body);
            message.Content.Headers.ContentType = new MediaTypeHeaderValue(request.MediaType);
            using var response = await client.SendAsync(message, cancellationToken);
            var status = (int)response.StatusCode;
            var refusedWithoutProblem = status >= 400 && response.Content.Headers.ContentType?.MediaType != "application/problem+json";
            if (status >= 500 || refusedWithoutProblem)
            {
                var answer = await response.Content.ReadAsStringAsync(cancellationToken);
                failures.Enqueue($"{request.Method} {request.Route} → {status} {response.Content.Headers.ContentType}: {Printable(request.Body)} → {answer[..Math.Min(300, answer.Length)]}");
            }
        });

        Assert.True(failures.IsEmpty, $"{failures.Count} of {requests.Count} mutated bodies:\n{string.Join('\n', failures.Take(10))}");
    }

    /// <summary>One to four edits of the body: a span dropped, a byte replaced, a fragment put in, or the body cut short.</summary>
    private static byte[] Mutate(Random random, byte[] body)
    {
        var bytes = new List<byte>(body);
        for (var edits = random.Next(1, 5); edits > 0; edits--)
        {
            var at = random.Next(bytes.Count + 1);
            switch (random.Next(4))
            {
                case 0 when bytes.Count > 0:
                    bytes.RemoveRange(Math.Min(at, bytes.Count - 1), Math.Min(random.Next(1, 6), bytes.Count - Math.Min(at, bytes.Count - 1)));
                    break;
                case 1 when bytes.Count > 0:
                    bytes[Math.Min(at, bytes.Count - 1)] = (byte)random.Next(256);
                    break;
                case 2:
                    bytes.InsertRange(at, Fragments[random.Next(Fragments.Length)]);
                    break;
                default:
                    bytes.RemoveRange(at, bytes.Count - at);
                    break;
            }
        }

        return [.. bytes];
    }

    /// <summary>The experiment of <see cref="Storefront.Yaml"/> as a JSON body (read by the same parser as YAML).</summary>
    private static string JsonDeclaration(string id) => $$$"""
        {"apiVersion":"offerlab/v1","id":"{{{id}}}","name":"Hot path test","placement":"cart",
         "trigger":{"categories":["burgers"]},"audience":{"rules":[{"attribute":"tier","in":["gold","silver"]}]},
         "variants":[{"id":"control","control":true,"offer":null},
                     {"id":"fries","offer":{"sku":"FRIES-M","title":"Add medium fries","price":2.49,"margin":1.60}}],
         "metric":{"attribution_window":"1h"},
         "allocation":{"policy":"fixed","weights":{"control":0,"fries":1},"stickiness":"session"},
         "caps":{"per_customer_per_day":3,"suppress_after_decline":2}}
        """;

    private static string Printable(byte[] body) =>
        string.Concat(body.Take(300).Select(b => b is >= 0x20 and < 0x7F ? ((char)b).ToString() : $"\\x{b:X2}"));
}
