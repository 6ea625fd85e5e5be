using System.Net;
using System.Net.Sockets;

namespace OfferLab.Server.Hosting;

internal static class SiloRegistration
{
    /// <summary>Co-hosts an Orleans silo in this web application (one node, localhost clustering).</summary>
    public static WebApplicationBuilder AddOfferLabSilo(this WebApplicationBuilder builder)
    {
        var options = builder.Configuration.ReadOfferLabOptions();
        var siloPort = options.Silo.SiloPort == 0 ? FreeTcpPort() : options.Silo.SiloPort;
        var gatewayPort = options.Silo.GatewayPort == 0 ? FreeTcpPort() : options.Silo.GatewayPort;

        builder.UseOrleans(silo =>
        {
            silo.UseLocalhostClustering(siloPort, gatewayPort, null, options.Silo.ServiceId, options.Silo.ClusterId);
        });
        return builder;
    }

    private static int FreeTcpPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
