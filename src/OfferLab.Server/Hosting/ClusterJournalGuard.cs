using System.Net.Sockets;
using Microsoft.Extensions.Options;
using Orleans.Runtime;

namespace OfferLab.Server.Hosting;

/// <summary>
/// In a cluster, refuses to start a node whose journal id another live node holds: two nodes writing one journal would
/// number its records twice and replay each other's segments. Nodes are named after their journal (the silo name), so
/// the membership shows who holds which; a member of that name that still accepts connections on its silo port is
/// alive, one that does not is an earlier life of this node (killed, not yet declared dead), whose journal is this
/// node's to replay. Runs once the silo has joined and before the journal is opened (hosted services start in order).
/// </summary>
internal sealed partial class ClusterJournalGuard(
    IClusterMembershipService membership, ILocalSiloDetails self, IOptions<OfferLabOptions> options, ILogger<ClusterJournalGuard> logger) : IHostedService
{
    private static readonly TimeSpan ConnectTimeout = TimeSpan.FromSeconds(2);

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var journal = options.Value.Assignment.JournalId;
        foreach (var member in membership.CurrentSnapshot.Members.Values)
        {
            if (member.SiloAddress.Equals(self.SiloAddress) || member.Status != SiloStatus.Active
                || !string.Equals(member.Name, journal, StringComparison.Ordinal))
            {
                continue;
            }

            // An earlier generation at this very address is this node's earlier life (Orleans declares it dead); its port
            // answers, but it is this node that answers.
            if (!member.SiloAddress.Endpoint.Equals(self.SiloAddress.Endpoint) && await AcceptsAsync(member.SiloAddress, cancellationToken))
            {
                throw new InvalidOperationException(
                    $"OfferLab:Assignment:JournalId '{journal}' is held by the live node {member.SiloAddress}: every node of a cluster needs a journal id of its own.");
            }

            LogEarlierLife(logger, member.SiloAddress, journal);
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    private static async Task<bool> AcceptsAsync(SiloAddress silo, CancellationToken cancellationToken)
    {
        using var client = new TcpClient();
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(ConnectTimeout);
        try
        {
            await client.ConnectAsync(silo.Endpoint, timeout.Token);
            return true;
        }
        catch (Exception e) when (e is SocketException || (e is OperationCanceledException && !cancellationToken.IsCancellationRequested))
        {
            return false;
        }
    }

    [LoggerMessage(LogLevel.Warning, "Silo {Silo}, an earlier life of journal {Journal}, is still listed as active but does not answer; this node takes the journal over.")]
    private static partial void LogEarlierLife(ILogger logger, SiloAddress silo, string journal);
}
