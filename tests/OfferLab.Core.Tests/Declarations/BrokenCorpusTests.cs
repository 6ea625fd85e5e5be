using System.Text;
using OfferLab.Core.Declarations;
using OfferLab.Testing;

namespace OfferLab.Core.Tests.Declarations;

/// <summary>
/// Every file in <c>Broken/</c> is refused with exactly the lines in its <c>.expected</c> twin (the form
/// <c>offerlab validate</c> prints), so each rule and each hostile input is pinned to its message and position.
/// </summary>
public sealed class BrokenCorpusTests
{
    private static readonly string Folder = Path.Combine(RepositoryPaths.Root, "tests", "OfferLab.Core.Tests", "Declarations", "Broken");

    public static TheoryData<string> Files() => new(Names());

    private static string[] Names() => [.. Directory.GetFiles(Folder, "*.yaml").Select(f => Path.GetFileName(f)!).Order(StringComparer.Ordinal)];

    [Fact]
    public void The_corpus_holds_at_least_sixty_broken_files_each_with_its_expected_errors()
    {
        Assert.True(Names().Length >= 60);
        Assert.All(Names(), name => Assert.True(File.Exists(Path.Combine(Folder, Path.ChangeExtension(name, ".expected"))), name));
    }

    [Theory]
    [MemberData(nameof(Files))]
    public void Broken_file_gets_exactly_its_expected_errors(string file)
    {
        var expected = File.ReadAllLines(Path.Combine(Folder, Path.ChangeExtension(file, ".expected")), Encoding.UTF8);

        var result = DeclarationParser.ParseFile(Path.Combine(Folder, file), file);

        Assert.False(result.IsValid);
        Assert.Null(result.Declaration);
        Assert.Equal(expected, result.Errors.Select(e => e.ToString()));
    }

    [Fact]
    public void A_five_megabyte_file_is_refused_by_size_without_being_parsed()
    {
        var huge = "apiVersion: offerlab/v1\ndescription: " + new string('x', 5 * 1024 * 1024) + "\n";

        var fromText = DeclarationParser.Parse(huge, "huge.yaml");
        var fromBytes = DeclarationParser.Parse(Encoding.UTF8.GetBytes(huge), "huge.yaml");

        const string Message = "huge.yaml:1:1: (file): the file is 5,242,918 bytes; a declaration may be at most 262,144 bytes";
        Assert.Equal([Message], fromText.Errors.Select(e => e.ToString()));
        Assert.Equal([Message], fromBytes.Errors.Select(e => e.ToString()));
    }

    [Fact]
    public void A_file_just_under_the_limit_is_parsed_normally()
    {
        var text = "# " + new string('x', 250_000) + "\napiVersion: offerlab/v1\nid: big\nname: Big\nplacement: cart\nvariants: []\n";

        var result = DeclarationParser.Parse(text, "big.yaml");

        Assert.Equal(["big.yaml:6:11: variants: must hold 2 to 20 variants; got 0"], result.Errors.Select(e => e.ToString()));
    }
}
