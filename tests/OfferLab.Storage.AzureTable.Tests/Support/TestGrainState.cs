using System.Diagnostics.CodeAnalysis;
using Orleans;

namespace OfferLab.Storage.AzureTable.Tests.Support;

/// <summary>
/// An <see cref="IGrainState{T}"/> typed non-null for readable assertions. Created empty it holds a
/// null state, as Orleans' own would, so a read must fill it in.
/// </summary>
internal sealed class TestGrainState<T> : IGrainState<T>
{
    private T _state;

    public TestGrainState()
    {
        _state = default!;
    }

    public TestGrainState(T state, string? etag = null)
    {
        _state = state;
        ETag = etag;
    }

    // Orleans declares the setter as accepting null; the provider never stores one.
    [AllowNull]
    public T State
    {
        get => _state;
        set => _state = value!;
    }

    public string? ETag { get; set; }

    public bool RecordExists { get; set; }
}
