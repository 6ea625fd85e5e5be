using System.Text.Json;
using OfferLab.Server.Tests.Experiments;

namespace OfferLab.Server.Tests.Assignments;

[Collection(ServerCollection.Name)]
public sealed class AssignTests(ServerFixture fixture)
{
    private readonly Storefront _shop = new(fixture.Server);

    [Fact]
    public async Task A_session_keeps_its_variant_and_its_token_and_counts_one_exposure()
    {
        var id = ExperimentsApiTests.NewId();
        await _shop.DeclareAsync(Storefront.Yaml(id, weights: "{ control: 1, fries: 1 }"));

        var first = await _shop.AssignOneAsync(id, "c-1", "s-1");
        var again = await _shop.AssignOneAsync(id, "c-1", "s-1");

        Assert.Equal("assigned", first.GetProperty("reason").GetString());
        Assert.Equal("sticky", again.GetProperty("reason").GetString());
        Assert.Equal(first.GetProperty("variant").GetString(), again.GetProperty("variant").GetString());
        Assert.Equal(first.GetProperty("token").GetString(), again.GetProperty("token").GetString());
        Assert.Equal(1, first.GetProperty("version").GetInt32());

        var variant = first.GetProperty("variant").GetString()!;
        var totals = await _shop.TotalsAsync(id, t => t[variant].GetProperty("exposures").GetInt64() >= 1);
        Assert.Equal(1, totals.Values.Sum(t => t.GetProperty("exposures").GetInt64()));
    }

    [Fact]
    public async Task The_offer_of_the_assigned_variant_is_served()
    {
        var id = ExperimentsApiTests.NewId();
        await _shop.DeclareAsync(Storefront.Yaml(id));
        var answer = await _shop.AssignOneAsync(id, "c-offer", "s-offer");
        Assert.Equal("fries", answer.GetProperty("variant").GetString());
        var offer = answer.GetProperty("offer");
        Assert.Equal("FRIES-M", offer.GetProperty("sku").GetString());
        Assert.Equal("Add medium fries", offer.GetProperty("title").GetString());
        Assert.Equal(2.49m, offer.GetProperty("price").GetDecimal());
    }

    [Fact]
    public async Task Sessions_split_over_the_weights_and_each_new_session_is_one_exposure()
    {
        var id = ExperimentsApiTests.NewId();
        await _shop.DeclareAsync(Storefront.Yaml(id, weights: "{ control: 1, fries: 3 }"));
        var variants = new List<string>();
        for (var i = 0; i < 200; i++)
        {
            variants.Add((await _shop.AssignOneAsync(id, $"c-{i}", $"s-{i}")).GetProperty("variant").GetString()!);
        }

        var fries = variants.Count(v => v == "fries");
        Assert.InRange(fries, 125, 175); // 150 expected; ±25 is beyond 4 standard deviations (6.1)
        var totals = await _shop.TotalsAsync(id, t => t.Values.Sum(a => a.GetProperty("exposures").GetInt64()) >= 200);
        Assert.Equal(fries, totals["fries"].GetProperty("exposures").GetInt64());
        Assert.Equal(200 - fries, totals["control"].GetProperty("exposures").GetInt64());
    }

    [Theory]
    [InlineData("bronze", "burgers")]
    [InlineData("gold", "salads")]
    public async Task Sessions_outside_the_trigger_or_audience_are_not_eligible_and_not_counted(string tier, string category)
    {
        var id = ExperimentsApiTests.NewId();
        await _shop.DeclareAsync(Storefront.Yaml(id));
        var answer = (await _shop.AssignAsync(Storefront.Request("c-out", "s-out", id, tier: tier, category: category)))[0];
        Assert.Equal("not_eligible", answer.GetProperty("reason").GetString());
        Assert.Equal(JsonValueKind.Null, answer.GetProperty("variant").ValueKind);
        Assert.Equal(JsonValueKind.Null, answer.GetProperty("token").ValueKind);

        await _shop.AssignOneAsync(id, "c-in", "s-in");
        var totals = await _shop.TotalsAsync(id, t => t["fries"].GetProperty("exposures").GetInt64() >= 1);
        Assert.Equal(1, totals.Values.Sum(t => t.GetProperty("exposures").GetInt64()));
    }

    [Fact]
    public async Task Customer_stickiness_keeps_the_variant_across_sessions()
    {
        var id = ExperimentsApiTests.NewId();
        await _shop.DeclareAsync(Storefront.Yaml(id, weights: "{ control: 1, fries: 1 }", stickiness: "customer"));
        var first = await _shop.AssignOneAsync(id, "c-loyal", "s-a");
        for (var i = 0; i < 5; i++)
        {
            var later = await _shop.AssignOneAsync(id, "c-loyal", $"s-{i}");
            Assert.Equal("sticky", later.GetProperty("reason").GetString());
            Assert.Equal(first.GetProperty("variant").GetString(), later.GetProperty("variant").GetString());
        }
    }

    [Fact]
    public async Task A_customer_over_the_daily_cap_is_capped()
    {
        var id = ExperimentsApiTests.NewId();
        await _shop.DeclareAsync(Storefront.Yaml(id, capPerDay: 2));
        Assert.Equal("assigned", (await _shop.AssignOneAsync(id, "c-cap", "s-1")).GetProperty("reason").GetString());
        Assert.Equal("assigned", (await _shop.AssignOneAsync(id, "c-cap", "s-2")).GetProperty("reason").GetString());
        Assert.Equal("sticky", (await _shop.AssignOneAsync(id, "c-cap", "s-2")).GetProperty("reason").GetString());
        var capped = await _shop.AssignOneAsync(id, "c-cap", "s-3");
        Assert.Equal("capped", capped.GetProperty("reason").GetString());
        Assert.Equal(JsonValueKind.Null, capped.GetProperty("offer").ValueKind);
        Assert.Equal("assigned", (await _shop.AssignOneAsync(id, "c-other", "s-3")).GetProperty("reason").GetString());
    }

    [Fact]
    public async Task After_enough_declines_the_offer_is_suppressed_for_that_customer()
    {
        var id = ExperimentsApiTests.NewId();
        await _shop.DeclareAsync(Storefront.Yaml(id, suppressAfter: 1));
        var first = await _shop.AssignOneAsync(id, "c-no", "s-1");
        var (status, body) = await _shop.OutcomeAsync(new { token = first.GetProperty("token").GetString(), kind = "decline" });
        Assert.True(body.GetProperty("recorded").GetBoolean(), $"{status}: {body}");

        var next = await _shop.AssignOneAsync(id, "c-no", "s-2");
        Assert.Equal("suppressed", next.GetProperty("reason").GetString());
        Assert.Equal("assigned", (await _shop.AssignOneAsync(id, "c-yes", "s-2")).GetProperty("reason").GetString());
    }

    [Fact]
    public async Task A_placement_request_answers_for_every_running_experiment_there()
    {
        var (a, b, paused) = (ExperimentsApiTests.NewId(), ExperimentsApiTests.NewId(), ExperimentsApiTests.NewId());
        foreach (var id in new[] { a, b, paused })
        {
            await _shop.DeclareAsync(Storefront.Yaml(id, placement: "post_purchase"));
        }

        await _shop.PauseAsync(paused);
        var answers = await _shop.AssignAsync(Storefront.Request("c-p", "s-p", placement: "post_purchase"));
        var byId = answers.EnumerateArray().ToDictionary(x => x.GetProperty("experiment").GetString()!);
        Assert.Equal("assigned", byId[a].GetProperty("reason").GetString());
        Assert.Equal("assigned", byId[b].GetProperty("reason").GetString());
        Assert.Equal("paused", byId[paused].GetProperty("reason").GetString());
    }

    [Fact]
    public async Task Paused_serves_nothing_and_concluded_serves_the_winner_uncounted()
    {
        var id = ExperimentsApiTests.NewId();
        await _shop.DeclareAsync(Storefront.Yaml(id));
        await _shop.AssignOneAsync(id, "c-1", "s-1");
        await _shop.PauseAsync(id);
        var paused = await _shop.AssignOneAsync(id, "c-2", "s-2");
        Assert.Equal("paused", paused.GetProperty("reason").GetString());
        Assert.Equal(JsonValueKind.Null, paused.GetProperty("variant").ValueKind);

        await _shop.TotalsAsync(id, t => t["fries"].GetProperty("exposures").GetInt64() >= 1);
        await _shop.ConcludeAsync(id);
        var concluded = await _shop.AssignOneAsync(id, "c-3", "s-3");
        Assert.Equal("concluded", concluded.GetProperty("reason").GetString());
        Assert.Equal("fries", concluded.GetProperty("variant").GetString());
        Assert.Equal(JsonValueKind.Null, concluded.GetProperty("token").ValueKind);

        var totals = await _shop.TotalsAsync(id, t => t["fries"].GetProperty("exposures").GetInt64() >= 1);
        Assert.Equal(1, totals["fries"].GetProperty("exposures").GetInt64());
    }
}
