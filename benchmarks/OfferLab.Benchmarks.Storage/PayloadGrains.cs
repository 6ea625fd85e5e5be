namespace OfferLab.Benchmarks.Storage;

/// <summary>A grain that stores one payload; each call goes to its storage provider.</summary>
public interface IPayloadGrain : IGrainWithIntegerKey
{
    /// <summary>Replaces the payload and writes the state.</summary>
    Task WriteAsync(string payload);

    /// <summary>Reads the state back from storage and returns the payload length.</summary>
    Task<int> ReadAsync();
}

public interface IAzurePayloadGrain : IPayloadGrain;

public interface IMemoryPayloadGrain : IPayloadGrain;

// [GenerateSerializer] makes the type known to Orleans, whose memory storage resolves it by name.
[GenerateSerializer]
public sealed class PayloadState
{
    [Id(0)]
    public string Payload { get; set; } = "";
}

public abstract class PayloadGrain(IPersistentState<PayloadState> state) : Grain, IPayloadGrain
{
    public Task WriteAsync(string payload)
    {
        state.State.Payload = payload;
        return state.WriteStateAsync();
    }

    public async Task<int> ReadAsync()
    {
        await state.ReadStateAsync();
        return state.State.Payload.Length;
    }
}

public sealed class AzurePayloadGrain([PersistentState("payload", Stores.Azure)] IPersistentState<PayloadState> state)
    : PayloadGrain(state), IAzurePayloadGrain;

public sealed class MemoryPayloadGrain([PersistentState("payload", Stores.Memory)] IPersistentState<PayloadState> state)
    : PayloadGrain(state), IMemoryPayloadGrain;

public static class Stores
{
    public const string Azure = "azure";
    public const string Memory = "memory";
}
