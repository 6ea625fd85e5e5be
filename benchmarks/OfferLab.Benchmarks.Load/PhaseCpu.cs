namespace OfferLab.Benchmarks.Load;

/// <summary>CPU time the server and Azurite (each with its child processes) used during one measured phase.</summary>
internal sealed record PhaseCpu(TimeSpan Server, TimeSpan Azurite, long Requests)
{
    public double ServerMicrosecondsPerRequest => Requests > 0 ? Server.TotalMicroseconds / Requests : 0;

    public double AzuriteMicrosecondsPerRequest => Requests > 0 ? Azurite.TotalMicroseconds / Requests : 0;
}
