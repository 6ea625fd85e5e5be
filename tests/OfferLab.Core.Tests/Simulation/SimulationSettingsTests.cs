using OfferLab.Core.Allocation;
using OfferLab.Core.Declarations;
using OfferLab.Core.Simulation;
using OfferLab.Testing;

namespace OfferLab.Core.Tests.Simulation;

public sealed class SimulationSettingsTests
{
    private const string Declaration = """
        apiVersion: offerlab/v1
        id: sim-settings
        name: Every simulated setting away from its default
        placement: checkout
        variants:
          - { id: control, control: true, offer: null }
          - { id: a, offer: { sku: A, title: A, price: 1.0, margin: 0.5 } }
          - { id: b, offer: { sku: B, title: B, price: 1.0, margin: 0.5 } }
        allocation:
          policy: thompson
          period: 1h
          burn_in: 250
          floor: 0.02
          uniform_share: 0.2
          top_two: true
        stopping:
          alpha: 0.1
          min_exposures: 800
          retire_losers: false
          margin: 0.005
        """;

    [Fact]
    public void Every_allocation_and_stopping_setting_comes_from_the_file()
    {
        var declaration = Parse(Declaration);

        var settings = SimulationSettings.FromDeclaration(declaration, [0.05, 0.04, 0.03], 50_000, 500);

        Assert.Equal([0.05, 0.04, 0.03], settings.TrueRates);
        Assert.Equal((50_000, 500), (settings.Users, settings.PeriodUsers));
        Assert.Equal(new WeightSettings(250, 0.02, 0.2, true), settings.Weights);
        Assert.Equal(new RetirementSettings(0.1, 800, 0.005, false, ProtectedArm: 0), settings.Retirement);
        Assert.Null(settings.FixedWeights);
    }

    [Fact]
    public void A_fixed_policy_file_gives_its_weights_in_declared_order()
    {
        var declaration = DeclarationParser.ParseFile(Path.Combine(RepositoryPaths.Root, "experiments", "bank-credit-card.yaml")).Declaration!;

        var settings = SimulationSettings.FromDeclaration(declaration, [0.02, 0.02, 0.02], 1_000, 100);

        Assert.Equal(declaration.Variants.Select(v => declaration.Allocation.Weights[v.Id]), settings.FixedWeights);
        Assert.Equal([1.0, 2.0, 1.0], settings.FixedWeights);
    }

    [Fact]
    public void The_rates_must_match_the_variants()
    {
        Assert.Throws<ArgumentException>(() => SimulationSettings.FromDeclaration(Parse(Declaration), [0.05, 0.04], 1_000, 100));
    }

    private static ExperimentDeclaration Parse(string text)
    {
        var result = DeclarationParser.Parse(text, "sim.yaml");
        Assert.True(result.IsValid, string.Join('\n', result.Errors));
        return result.Declaration!;
    }
}
