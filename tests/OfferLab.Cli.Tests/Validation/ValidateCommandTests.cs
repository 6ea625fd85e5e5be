using System.Net;
using System.Net.Sockets;
using OfferLab.Testing;

namespace OfferLab.Cli.Tests.Validation;

/// <summary><c>offerlab validate</c> and the local half of <c>offerlab apply</c>, over a real process.</summary>
public sealed class ValidateCommandTests
{
    private static readonly string Broken = Path.Combine(RepositoryPaths.Root, "tests", "OfferLab.Core.Tests", "Declarations", "Broken");

    [Fact]
    public async Task Validate_with_no_path_checks_the_shipped_examples_and_exits_0()
    {
        var (exit, output, error) = await OfferlabProcess.RunAsync(RepositoryPaths.Root, "validate");

        Assert.Equal(0, exit);
        Assert.Empty(output);
        Assert.Matches(@"^\d+ files valid", error);
    }

    [Fact]
    public async Task Validate_prints_every_error_of_every_broken_file_exactly_and_exits_1()
    {
        var names = Directory.GetFiles(Broken, "*.yaml").Select(f => Path.GetFileName(f)!).Order(StringComparer.Ordinal).ToArray();
        var expected = names.SelectMany(n => File.ReadAllLines(Path.Combine(Broken, Path.ChangeExtension(n, ".expected")))).ToArray();

        var (exit, output, error) = await OfferlabProcess.RunAsync(Broken, ["validate", .. names]);

        Assert.Equal(1, exit);
        Assert.Equal(expected, output);
        Assert.StartsWith($"{names.Length} of {names.Length} files invalid, {expected.Length} errors", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Validate_of_a_folder_names_files_by_the_path_given()
    {
        var (exit, output, _) = await OfferlabProcess.RunAsync(RepositoryPaths.Root, "validate", "tests/OfferLab.Core.Tests/Declarations/Broken/");

        Assert.Equal(1, exit);
        Assert.Contains("tests/OfferLab.Core.Tests/Declarations/Broken/alpha-zero.yaml:11:10: stopping.alpha: must be in (0, 0.5); got 0", output);
    }

    [Fact]
    public async Task The_same_id_in_two_files_is_an_error_at_the_second()
    {
        using var dir = new TempFolder();
        var example = await File.ReadAllTextAsync(Path.Combine(RepositoryPaths.Root, "experiments", "burger-sides.yaml"));
        await File.WriteAllTextAsync(Path.Combine(dir.Path, "a.yaml"), example);
        await File.WriteAllTextAsync(Path.Combine(dir.Path, "b.yaml"), example);

        var (exit, output, _) = await OfferlabProcess.RunAsync(dir.Path, "validate", ".");

        Assert.Equal(1, exit);
        Assert.Equal(["./b.yaml:4:5: id: duplicate experiment id 'burger-sides' (also declared in ./a.yaml)"], output);
    }

    [Theory]
    [InlineData("validate", "--no-such-option")]
    [InlineData("validate", "no/such/path.yaml")]
    [InlineData("no-such-command")]
    [InlineData("apply", "experiments/", "--key", "k")]
    [InlineData("apply", "experiments/", "--server", "not a url", "--key", "k")]
    [InlineData("apply", "experiments/", "--server", "http://127.0.0.1:9")]
    public async Task Usage_errors_exit_2_with_a_message(params string[] args)
    {
        var (exit, _, error) = await OfferlabProcess.RunAsync(RepositoryPaths.Root, args);

        Assert.Equal(2, exit);
        Assert.Contains("offerlab", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Apply_of_an_invalid_file_prints_its_errors_sends_nothing_and_exits_1()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;

        var (exit, output, error) = await OfferlabProcess.RunAsync(Broken, "apply", "alpha-zero.yaml", "--server", $"http://127.0.0.1:{port}", "--key", "k");

        Assert.Equal(1, exit);
        Assert.Equal(["alpha-zero.yaml:11:10: stopping.alpha: must be in (0, 0.5); got 0"], output);
        Assert.Contains("nothing was sent", error, StringComparison.Ordinal);
        Assert.False(listener.Pending());
    }

    [Fact]
    public async Task Apply_to_an_unreachable_server_exits_1_with_a_clear_message()
    {
        var port = LoopbackPorts.Unused()[0];

        var (exit, _, error) = await OfferlabProcess.RunAsync(RepositoryPaths.Root, "apply", "experiments/burger-sides.yaml", "--server", $"http://127.0.0.1:{port}", "--key", "k");

        Assert.Equal(1, exit);
        Assert.Contains($"cannot reach the server at http://127.0.0.1:{port}/", error, StringComparison.Ordinal);
    }

    private sealed class TempFolder : IDisposable
    {
        public string Path { get; } = Directory.CreateTempSubdirectory("offerlab-cli-").FullName;

        public void Dispose() => Directory.Delete(Path, recursive: true);
    }
}
