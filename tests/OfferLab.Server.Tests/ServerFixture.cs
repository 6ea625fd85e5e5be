using OfferLab.Testing;

namespace OfferLab.Server.Tests;

/// <summary>One real server process on 127.0.0.1 against this test run's Azurite, shared by a collection.</summary>
public sealed class ServerFixture : IAsyncLifetime
{
    private ServerProcess? _server;

    public Azurite Azurite { get; private set; } = null!;

    public ServerProcess Server => _server ?? throw new InvalidOperationException("Not started.");

    public async Task InitializeAsync()
    {
        Azurite = await Azurite.SharedAsync();
        _server = await ServerProcess.StartAsync(Azurite);
    }

    public async Task DisposeAsync()
    {
        if (_server is not null)
        {
            await _server.DisposeAsync();
        }
    }
}

[CollectionDefinition(Name)]
public sealed class ServerCollection : ICollectionFixture<ServerFixture>
{
    public const string Name = "server";
}
