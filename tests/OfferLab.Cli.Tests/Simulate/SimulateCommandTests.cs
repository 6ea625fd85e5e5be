using System.Text.Json;
using OfferLab.Cli.Tests.Validation;
using OfferLab.Testing;

namespace OfferLab.Cli.Tests.Simulate;

/// <summary><c>offerlab simulate</c> over a real process: output, determinism, retirement, and every failure exit.</summary>
public sealed class SimulateCommandTests
{
    private const string Burger = "experiments/burger-sides.yaml";
    private const string Ladder = "control=0.05,fries=0.04,combo=0.03,onion-rings=0.02";
    private static readonly string[] SpecKeys = ["runs", "users", "meanRegret", "regretStdErr", "uniformRegret", "bestRetiredRate", "anyRetiredRate", "variants"];
    private static readonly string[] VariantKeys = ["trueRate", "meanExposures", "retiredRate", "medianRetiredAtUser"];

    [Fact]
    public async Task Json_has_every_spec_key_with_sane_values_and_nothing_else_on_stderr()
    {
        var (exit, output, error) = await Simulate(Burger, "--truth", Ladder, "--users", "12000", "--runs", "6", "--json");

        Assert.Equal(0, exit);
        Assert.Equal("", error);
        using var json = JsonDocument.Parse(string.Join('\n', output));
        var root = json.RootElement;
        Assert.All(SpecKeys, key => Assert.True(root.TryGetProperty(key, out _), key));
        Assert.Equal(6, root.GetProperty("runs").GetInt32());
        Assert.Equal(12_000, root.GetProperty("users").GetInt32());
        Assert.InRange(root.GetProperty("bestRetiredRate").GetDouble(), 0.0, 1.0);
        Assert.InRange(root.GetProperty("anyRetiredRate").GetDouble(), 0.0, 1.0);
        Assert.True(root.GetProperty("regretStdErr").GetDouble() >= 0.0);
        Assert.InRange(root.GetProperty("meanRegret").GetDouble(), 0.0, root.GetProperty("uniformRegret").GetDouble());
        Assert.Equal(12_000 * (0.05 - 0.035), root.GetProperty("uniformRegret").GetDouble(), 6);

        var variants = root.GetProperty("variants").EnumerateObject().ToList();
        Assert.Equal(["control", "fries", "combo", "onion-rings"], variants.Select(v => v.Name));
        Assert.Equal([0.05, 0.04, 0.03, 0.02], variants.Select(v => v.Value.GetProperty("trueRate").GetDouble()));
        Assert.Equal(12_000, variants.Sum(v => v.Value.GetProperty("meanExposures").GetDouble()), 6);
        foreach (var variant in variants.Select(v => v.Value))
        {
            Assert.All(VariantKeys, key => Assert.True(variant.TryGetProperty(key, out _), key));
            var retired = variant.GetProperty("retiredRate").GetDouble();
            var median = variant.GetProperty("medianRetiredAtUser");
            Assert.InRange(retired, 0.0, 1.0);
            Assert.Equal(retired == 0.0, median.ValueKind == JsonValueKind.Null);
            if (median.ValueKind != JsonValueKind.Null)
            {
                Assert.InRange(median.GetDouble(), 1_000, 12_000);
            }
        }
    }

    [Fact]
    public async Task The_same_seed_gives_identical_json_and_another_seed_another()
    {
        string[] args = [Burger, "--truth", Ladder, "--users", "8000", "--runs", "5", "--period-users", "500", "--json"];

        var first = await Simulate([.. args, "--seed", "17"]);
        var again = await Simulate([.. args, "--seed", "17"]);
        var other = await Simulate([.. args, "--seed", "18"]);

        Assert.Equal(0, first.Exit);
        Assert.Equal(first.Out, again.Out);
        Assert.NotEqual(first.Out, other.Out);
    }

    [Fact]
    public async Task An_obviously_losing_arm_is_retired_in_a_tiny_run_and_the_best_never()
    {
        var (exit, output, _) = await Simulate(Burger, "--truth", "control=0.3,fries=0.01,combo=0.3,onion-rings=0.3", "--users", "20000", "--runs", "4", "--json");

        Assert.Equal(0, exit);
        using var json = JsonDocument.Parse(string.Join('\n', output));
        var fries = json.RootElement.GetProperty("variants").GetProperty("fries");
        Assert.Equal(1.0, fries.GetProperty("retiredRate").GetDouble());
        // Thompson starves the loser (about 3.5% of traffic after burn-in), so it reaches min_exposures (500) late.
        Assert.InRange(fries.GetProperty("medianRetiredAtUser").GetDouble(), 2_000, 20_000);
        Assert.Equal(0.0, json.RootElement.GetProperty("bestRetiredRate").GetDouble());
    }

    [Fact]
    public async Task A_fixed_policy_file_simulates_its_declared_weights()
    {
        var (exit, output, _) = await Simulate("experiments/bank-credit-card.yaml", "--truth", "control=0.02,classic-card=0.02,cashback-card=0.02", "--users", "40000", "--runs", "2", "--json");

        Assert.Equal(0, exit);
        using var json = JsonDocument.Parse(string.Join('\n', output));
        Assert.Equal("fixed", json.RootElement.GetProperty("policy").GetString());
        var shares = json.RootElement.GetProperty("variants").EnumerateObject().Select(v => v.Value.GetProperty("meanExposures").GetDouble() / 40_000).ToArray();
        // Declared 1:2:1; 80,000 draws put each share within ±0.01 (over 5 sd).
        Assert.InRange(shares[0], 0.24, 0.26);
        Assert.InRange(shares[1], 0.49, 0.51);
        Assert.InRange(shares[2], 0.24, 0.26);
    }

    [Fact]
    public async Task Without_json_it_prints_a_table_with_every_variant()
    {
        var (exit, output, _) = await Simulate(Burger, "--truth", Ladder, "--users", "5000", "--runs", "2");

        Assert.Equal(0, exit);
        Assert.StartsWith("burger-sides: 2 runs x 5,000 users", output[0], StringComparison.Ordinal);
        Assert.All(["control", "fries", "combo", "onion-rings"], id => Assert.Contains(output, line => line.StartsWith(id + " ", StringComparison.Ordinal)));
        Assert.Contains(output, line => line.StartsWith("mean regret", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("control=0.05,fries=0.04,combo=0.03", "no rate for onion-rings")]
    [InlineData("control=0.05,fries=0.04,combo=0.03,onion-rings=0.02,chips=0.1", "chips: no such variant in burger-sides")]
    [InlineData("control=0.05,fries=1.5,combo=0.03,onion-rings=0.02", "fries: the rate must be a number in [0, 1]; got '1.5'")]
    [InlineData("control=0.05,fries=-0.1,combo=0.03,onion-rings=0.02", "fries: the rate must be a number in [0, 1]; got '-0.1'")]
    [InlineData("control=abc,fries=0.04,combo=0.03,onion-rings=0.02", "control: the rate must be a number in [0, 1]; got 'abc'")]
    [InlineData("control=0.05,fries=0.04,combo=0.03,onion-rings=0.02,fries=0.04", "fries: given more than once")]
    [InlineData("control 0.05,fries=0.04,combo=0.03,onion-rings=0.02", "'control 0.05' is not NAME=RATE")]
    public async Task A_truth_that_does_not_fit_the_file_exits_1_with_a_clear_message(string truth, string message)
    {
        var (exit, output, error) = await Simulate(Burger, "--truth", truth, "--users", "1000", "--runs", "1");

        Assert.Equal(1, exit);
        Assert.Empty(output);
        Assert.Contains("offerlab simulate: --truth: " + message, error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_invalid_file_exits_1_with_its_errors_at_file_line_col()
    {
        var (exit, output, error) = await OfferlabProcess.RunAsync(
            Path.Combine(RepositoryPaths.Root, "tests", "OfferLab.Core.Tests", "Declarations", "Broken"),
            "simulate", "alpha-zero.yaml", "--truth", "control=0.05,b=0.04", "--json");

        Assert.Equal(1, exit);
        Assert.Empty(output);
        Assert.Contains("alpha-zero.yaml:11:10: stopping.alpha: must be in (0, 0.5); got 0", error, StringComparison.Ordinal);
        Assert.Contains("nothing was simulated", error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("simulate")]
    [InlineData("simulate", Burger)]
    [InlineData("simulate", Burger, "--truth", Ladder, "--users", "0")]
    [InlineData("simulate", Burger, "--truth", Ladder, "--runs", "-3")]
    [InlineData("simulate", Burger, "--truth", Ladder, "--period-users", "many")]
    [InlineData("simulate", Burger, "--truth", Ladder, "--users", "0.5")]
    [InlineData("simulate", Burger, "--truth", Ladder, "--seed", "-1")]
    [InlineData("simulate", Burger, "--truth", Ladder, "--no-such-option")]
    [InlineData("simulate", "no/such/file.yaml", "--truth", Ladder)]
    public async Task Usage_errors_exit_2_with_a_message(params string[] args)
    {
        var (exit, output, error) = await OfferlabProcess.RunAsync(RepositoryPaths.Root, args);

        Assert.Equal(2, exit);
        Assert.Empty(output);
        Assert.Contains("offerlab", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_help_documents_the_json_shape()
    {
        var (exit, output, _) = await OfferlabProcess.RunAsync(RepositoryPaths.Root, "simulate", "--help");

        Assert.Equal(0, exit);
        var help = string.Join('\n', output);
        Assert.Contains("--truth", help, StringComparison.Ordinal);
        Assert.Contains("keyed by variant id", help, StringComparison.Ordinal);
    }

    private static Task<(int Exit, string[] Out, string Err)> Simulate(params string[] args) =>
        OfferlabProcess.RunAsync(RepositoryPaths.Root, ["simulate", .. args]);
}
