using System.Collections;
using System.Collections.Immutable;

namespace OfferLab.Core.Declarations;

/// <summary>
/// An immutable list compared by its items, so that records holding lists (declarations) have value equality:
/// two parses of the same file are equal. Serializes as a JSON array.
/// </summary>
#pragma warning disable CA1710 // "List" says what it is better than "Collection" here.
public sealed class ValueList<T> : IReadOnlyList<T>, IEquatable<ValueList<T>>
#pragma warning restore CA1710
{
    private readonly ImmutableArray<T> _items;

    public ValueList(IEnumerable<T> items) => _items = [.. items];

    /// <summary>The empty list.</summary>
#pragma warning disable CA1000 // Like ImmutableArray<T>.Empty: the natural place for it.
    public static ValueList<T> Empty { get; } = new([]);
#pragma warning restore CA1000

    public int Count => _items.Length;

    public T this[int index] => _items[index];

    public bool Equals(ValueList<T>? other) =>
        other is not null && _items.AsSpan().SequenceEqual(other._items.AsSpan(), EqualityComparer<T>.Default);

    public override bool Equals(object? obj) => obj is ValueList<T> other && Equals(other);

    public override int GetHashCode()
    {
        var hash = new HashCode();
        foreach (var item in _items)
        {
            hash.Add(item);
        }

        return hash.ToHashCode();
    }

    public IEnumerator<T> GetEnumerator() => ((IEnumerable<T>)_items).GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    public override string ToString() => "[" + string.Join(", ", _items) + "]";
}
