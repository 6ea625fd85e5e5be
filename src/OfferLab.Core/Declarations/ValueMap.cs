using System.Collections;
using System.Collections.Immutable;
using System.Diagnostics.CodeAnalysis;

namespace OfferLab.Core.Declarations;

/// <summary>
/// An immutable string-keyed map that keeps the declared key order and is compared by its entries (order
/// ignored), so declarations holding maps have value equality. Serializes as a JSON object.
/// </summary>
#pragma warning disable CA1710 // "Map" reads better than "Dictionary" in the declaration model.
public sealed class ValueMap<TValue> : IReadOnlyDictionary<string, TValue>, IEquatable<ValueMap<TValue>>
#pragma warning restore CA1710
{
    private readonly ImmutableArray<KeyValuePair<string, TValue>> _entries;
    private readonly ImmutableDictionary<string, TValue> _lookup;

    public ValueMap(IEnumerable<KeyValuePair<string, TValue>> entries)
    {
        _entries = [.. entries];
        _lookup = _entries.ToImmutableDictionary(StringComparer.Ordinal);
    }

    /// <summary>The empty map.</summary>
#pragma warning disable CA1000 // Like ImmutableArray<T>.Empty: the natural place for it.
    public static ValueMap<TValue> Empty { get; } = new([]);
#pragma warning restore CA1000

    public int Count => _entries.Length;

    public IEnumerable<string> Keys => _entries.Select(e => e.Key);

    public IEnumerable<TValue> Values => _entries.Select(e => e.Value);

    public TValue this[string key] => _lookup[key];

    public bool ContainsKey(string key) => _lookup.ContainsKey(key);

    public bool TryGetValue(string key, [MaybeNullWhen(false)] out TValue value) => _lookup.TryGetValue(key, out value);

    public bool Equals(ValueMap<TValue>? other) =>
        other is not null && Count == other.Count &&
        _entries.All(e => other._lookup.TryGetValue(e.Key, out var v) && EqualityComparer<TValue>.Default.Equals(e.Value, v));

    public override bool Equals(object? obj) => obj is ValueMap<TValue> other && Equals(other);

    public override int GetHashCode()
    {
        var hash = 0;
        foreach (var (key, value) in _entries)
        {
            hash ^= HashCode.Combine(key, value);
        }

        return hash;
    }

    public IEnumerator<KeyValuePair<string, TValue>> GetEnumerator() => ((IEnumerable<KeyValuePair<string, TValue>>)_entries).GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
}
