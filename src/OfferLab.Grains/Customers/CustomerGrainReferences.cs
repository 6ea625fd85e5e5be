using OfferLab.Abstractions.Assignment;
using Orleans.Runtime;

namespace OfferLab.Grains.Customers;

/// <summary>
/// References to customer grains for the hot path. <c>IGrainFactory.GetGrain&lt;ICustomerGrain&gt;(string)</c> resolves
/// the interface's grain type anew on every call, formatting the interface's type name to do so: 2.9 % of the server's
/// CPU on repeat assigns and 1.5 % on new sessions (thread-time profile). This resolves the grain type and interface type
/// once and builds each grain id directly (0.2 % of the CPU on repeat assigns).
/// </summary>
public sealed class CustomerGrainReferences(IGrainFactory grains)
{
    private Types? _types;

    /// <summary>The customer grain of <paramref name="customerId"/>, the same reference <c>GetGrain&lt;ICustomerGrain&gt;</c> gives.</summary>
    public ICustomerGrain Get(string customerId)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(customerId);
        var types = _types ??= Resolve();
        return (ICustomerGrain)grains.GetGrain(GrainId.Create(types.Grain, IdSpan.Create(customerId)), types.Interface);
    }

    private Types Resolve()
    {
        var sample = (GrainReference)grains.GetGrain<ICustomerGrain>("type-probe");
        return new Types(sample.GrainId.Type, sample.InterfaceType);
    }

    // A class, so that a reader on another thread sees both types or neither.
    private sealed record Types(GrainType Grain, GrainInterfaceType Interface);
}
