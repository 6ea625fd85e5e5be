using System.Security.Cryptography;
using System.Text;
using OfferLab.Grains.Customers;

namespace OfferLab.Grains.Tests.CustomerGrains;

/// <summary>An exposure's token id is the one its definition gives, built on the stack or not.</summary>
public sealed class TokenIdTests
{
    public static TheoryData<string, string> Units() => new()
    {
        { "burger-sides", "session-1" },
        { "", "" },
        { "exp", "Grüße 日本語 🎉" },
        { "exp", "lone \ud800 surrogate" },
        { "exp", new string('u', 600) },
        { new string('e', 200), string.Concat(Enumerable.Repeat("日本", 400)) },
    };

    [Theory]
    [MemberData(nameof(Units))]
    public void A_token_id_is_the_first_half_of_the_sha256_of_experiment_unit_and_ticks_in_unpadded_base64url(string experiment, string unit)
    {
        var at = new DateTimeOffset(2026, 12, 1, 10, 30, 15, TimeSpan.Zero).AddTicks(1234567);

        var id = CustomerShardGrain.TokenIdFor(experiment, unit, at);

        var hash = SHA256.HashData(Encoding.UTF8.GetBytes($"{experiment}\n{unit}\n{at.UtcTicks}"));
        var expected = Convert.ToBase64String(hash, 0, 16).TrimEnd('=').Replace('+', '-').Replace('/', '_');
        Assert.Equal(expected, id);
        Assert.Equal(22, id.Length);
        Assert.NotEqual(id, CustomerShardGrain.TokenIdFor(experiment, unit, at.AddTicks(1)));
    }
}
