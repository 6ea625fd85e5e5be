using System.Net;
using System.Text.Json;
using OfferLab.Core.Tokens;
using OfferLab.Server.Tests.Experiments;
using OfferLab.Testing;

namespace OfferLab.Server.Tests.Assignments;

[Collection(ServerCollection.Name)]
public sealed class OutcomeTests(ServerFixture fixture)
{
    private readonly Storefront _shop = new(fixture.Server);

    [Fact]
    public async Task An_accept_is_recorded_once_per_idempotency_key_and_counted_once_per_exposure()
    {
        var (id, token) = await ExposedAsync();
        var (_, first) = await _shop.OutcomeAsync(new { token, kind = "accept", value = 2.49, idempotencyKey = "order-1" });
        var (_, retry) = await _shop.OutcomeAsync(new { token, kind = "accept", value = 2.49, idempotencyKey = "order-1" });
        var (_, second) = await _shop.OutcomeAsync(new { token, kind = "accept", value = 2.49, idempotencyKey = "order-2" });

        Assert.True(first.GetProperty("recorded").GetBoolean());
        Assert.False(retry.GetProperty("recorded").GetBoolean());
        Assert.Equal("duplicate", retry.GetProperty("reason").GetString());
        Assert.True(second.GetProperty("recorded").GetBoolean());

        var totals = await _shop.TotalsAsync(id, t => t["fries"].GetProperty("revenue").GetDouble() >= 4.97);
        Assert.Equal(1, totals["fries"].GetProperty("accepts").GetInt64());
        Assert.Equal(4.98, totals["fries"].GetProperty("revenue").GetDouble(), 6);
    }

    [Fact]
    public async Task A_batch_is_answered_in_order_and_counts_core_purchases()
    {
        var (id, token) = await ExposedAsync();
        var (status, body) = await _shop.OutcomeAsync(new
        {
            outcomes = new object[]
            {
                new { token, kind = "core_purchase", idempotencyKey = "cp-1" },
                new { token, kind = "accept", idempotencyKey = "a-1" },
                new { token, kind = "core_purchase", idempotencyKey = "cp-1" },
            },
        });
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal([true, true, false], body.GetProperty("results").EnumerateArray().Select(r => r.GetProperty("recorded").GetBoolean()));

        var totals = await _shop.TotalsAsync(id, t => t["fries"].GetProperty("accepts").GetInt64() >= 1);
        Assert.Equal(1, totals["fries"].GetProperty("corePurchases").GetInt64());
        Assert.Equal(2.49, totals["fries"].GetProperty("revenue").GetDouble(), 6); // an accept without a value is worth the offer's price
    }

    [Fact]
    public async Task An_outcome_after_the_attribution_window_is_not_counted()
    {
        var id = ExperimentsApiTests.NewId();
        await _shop.DeclareAsync(Storefront.Yaml(id, window: "1h"));
        var old = new AssignmentToken(id, 1, 0, "fries", "c-late", "s-late", DateTimeOffset.UtcNow.AddHours(-2), "late-token-1");
        var token = TokenCodec.FromBase64Key(TestKeys.TokenSigningKey).Encode(old);
        var (status, body) = await _shop.OutcomeAsync(new { token, kind = "accept", value = 2.49 });
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.False(body.GetProperty("recorded").GetBoolean());
        Assert.Equal("outside_window", body.GetProperty("reason").GetString());
    }

    [Fact]
    public async Task Altered_forged_and_foreign_tokens_are_400()
    {
        var (id, token) = await ExposedAsync();
        var altered = token[..^3] + (token[^3] == 'A' ? 'B' : 'A') + token[^2..];
        var forged = new TokenCodec(System.Text.Encoding.UTF8.GetBytes("another-deployment-key-0123456789abcdef"))
            .Encode(new AssignmentToken(id, 1, 0, "fries", "c-x", "s-x", DateTimeOffset.UtcNow, "forged-1"));
        foreach (var bad in new[] { altered, forged, "garbage", "", new string('A', 5000) })
        {
            var (status, body) = await _shop.OutcomeAsync(new { token = bad, kind = "accept", value = 1.0 });
            Assert.Equal(HttpStatusCode.BadRequest, status);
            Assert.True(body.GetProperty("errors").TryGetProperty("token", out _), body.ToString());
        }

        var totals = await _shop.TotalsAsync(id);
        Assert.Equal(0, totals["fries"].GetProperty("accepts").GetInt64());
    }

    [Theory]
    [InlineData("""{"kind":"accept"}""", "token")]
    [InlineData("""{"token":"x","kind":"bought"}""", "kind")]
    [InlineData("""{"token":"x","kind":"accept","value":-1}""", "value")]
    [InlineData("""{"token":"x","kind":"accept","value":"2.49"}""", "value")]
    [InlineData("""{"token":"x","kind":"accept","idempotencyKey":5}""", "idempotencyKey")]
    [InlineData("""{"outcomes":{}}""", "outcomes")]
    [InlineData("""{"outcomes":[]}""", "outcomes")]
    [InlineData("""[1,2]""", "(item)")]
    [InlineData("""{"token":""", "(body)")]
    [InlineData("""{"token":"\ud800","kind":"accept"}""", "(body)")]
    [InlineData("""{"token":"x","kind":"accept","\udc00x":1}""", "(body)")]
    [InlineData("""{"outcomes":[{"token":"x","kind":"accept","idempotencyKey":"k\ud83d"}]}""", "(body)")]
    public async Task Broken_outcomes_are_400_problems_naming_the_field(string body, string field)
    {
        var (status, problem) = await _shop.SendRawAsync("/v1/outcomes", body);
        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.True(problem.GetProperty("errors").EnumerateObject().Any(e => e.Name.EndsWith(field, StringComparison.Ordinal)), problem.ToString());
    }

    [Fact]
    public async Task A_batch_with_one_bad_item_records_nothing()
    {
        var (id, token) = await ExposedAsync();
        var (status, problem) = await _shop.OutcomeAsync(new
        {
            outcomes = new object[] { new { token, kind = "accept", idempotencyKey = "k1" }, new { token = "forged", kind = "accept" } },
        });
        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.True(problem.GetProperty("errors").TryGetProperty("outcomes[1].token", out _));
        var (_, retry) = await _shop.OutcomeAsync(new { token, kind = "accept", idempotencyKey = "k1" });
        Assert.True(retry.GetProperty("recorded").GetBoolean());
    }

    private async Task<(string Id, string Token)> ExposedAsync()
    {
        var id = ExperimentsApiTests.NewId();
        await _shop.DeclareAsync(Storefront.Yaml(id));
        var answer = await _shop.AssignOneAsync(id, "c-" + id, "s-" + id);
        return (id, answer.GetProperty("token").GetString()!);
    }
}
