using OfferLab.Core.Declarations;
using OfferLab.Testing;

namespace OfferLab.Core.Tests.Declarations;

/// <summary>Every shipped example in <c>experiments/</c> parses without error, so none goes stale.</summary>
public sealed class ExampleTests
{
    public static TheoryData<string> Examples() => new(Files());

    private static IEnumerable<string> Files() =>
        Directory.GetFiles(Path.Combine(RepositoryPaths.Root, "experiments"), "*.yaml").Select(Path.GetFileName).Order(StringComparer.Ordinal)!;

    [Theory]
    [MemberData(nameof(Examples))]
    public void Example_is_a_valid_declaration_named_after_its_id(string file)
    {
        var result = DeclarationParser.ParseFile(Path.Combine(RepositoryPaths.Root, "experiments", file), "experiments/" + file);

        Assert.True(result.IsValid, string.Join("\n", result.Errors));
        Assert.Equal(Path.GetFileNameWithoutExtension(file), result.Declaration!.Id);
    }

    [Fact]
    public void The_four_cross_sell_patterns_are_shipped()
    {
        var placements = Files()
            .Select(f => DeclarationParser.ParseFile(Path.Combine(RepositoryPaths.Root, "experiments", f)).Declaration!.Placement)
            .ToHashSet();

        Assert.Superset(new HashSet<Placement> { Placement.Cart, Placement.ProductPage, Placement.PostPurchase }, placements);
        Assert.True(Files().Count() >= 4);
    }
}
