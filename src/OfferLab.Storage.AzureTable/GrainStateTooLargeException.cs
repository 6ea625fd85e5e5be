namespace OfferLab.Storage.AzureTable;

/// <summary>
/// A grain's state does not fit in one Azure Table entity (1 MiB). Thrown before anything is sent,
/// so the stored state is unchanged.
/// </summary>
public sealed class GrainStateTooLargeException : Exception
{
    public GrainStateTooLargeException()
    {
    }

    public GrainStateTooLargeException(string message)
        : base(message)
    {
    }

    public GrainStateTooLargeException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public GrainStateTooLargeException(string grainId, string stateName, long entityBytes, long limitBytes)
        : base($"State '{stateName}' of grain {grainId} needs an entity of {entityBytes} bytes, over the Azure Table limit of {limitBytes} bytes.")
    {
        GrainId = grainId;
        StateName = stateName;
        EntityBytes = entityBytes;
        LimitBytes = limitBytes;
    }

    /// <summary>The grain whose write was refused.</summary>
    public string? GrainId { get; }

    public string? StateName { get; }

    /// <summary>The size the entity would have had, counted the way Azure counts it.</summary>
    public long EntityBytes { get; }

    public long LimitBytes { get; }
}
