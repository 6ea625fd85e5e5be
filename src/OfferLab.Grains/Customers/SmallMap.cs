using System.Collections;
using System.Diagnostics.CodeAnalysis;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace OfferLab.Grains.Customers;

/// <summary>
/// A string-keyed map for the few entries a customer's state holds per experiment or journal: up to
/// <see cref="ArrayLimit"/> entries searched in order, the first in the map itself and the others in one array (56 bytes
/// for one entry, where a <see cref="Dictionary{TKey,TValue}"/> takes about 220), past that a dictionary, so a customer with many sessions
/// still gets hashed lookups. Keys are compared ordinally; stored as a JSON object, exactly as a dictionary is.
/// </summary>
[JsonConverter(typeof(SmallMapConverterFactory))]
public sealed class SmallMap<TValue> : IEnumerable<KeyValuePair<string, TValue>>
{
    /// <summary>Entries kept in the array; one more turns the map into a dictionary.</summary>
    public const int ArrayLimit = 8;

    // Entry 0 is kept in the map itself, entries 1 and on in _rest: the map with one entry (most of a customer's maps)
    // is one object of 56 bytes rather than a map and an array, 80 bytes.
    private string? _firstKey;
    private TValue _firstValue = default!;
    private KeyValuePair<string, TValue>[] _rest = [];
    private int _count;
    private Dictionary<string, TValue>? _dictionary;

    public int Count => _dictionary?.Count ?? _count;

    public TValue this[string key]
    {
        get => TryGetValue(key, out var value) ? value : throw new KeyNotFoundException($"No entry '{key}'.");
        set => Set(key, value);
    }

    public bool TryGetValue(string key, [MaybeNullWhen(false)] out TValue value)
    {
        ArgumentNullException.ThrowIfNull(key);
        if (_dictionary is not null)
        {
            return _dictionary.TryGetValue(key, out value);
        }

        var index = IndexOf(key);
        value = index >= 0 ? At(index).Value : default;
        return index >= 0;
    }

    public bool ContainsKey(string key) => TryGetValue(key, out _);

    /// <summary>The value of <paramref name="key"/>, or the type's default when there is none.</summary>
    public TValue? GetValueOrDefault(string key) => TryGetValue(key, out var value) ? value : default;

    /// <summary>Adds an entry, for collection initializers; an existing key is refused, as a dictionary refuses it.</summary>
    public void Add(string key, TValue value)
    {
        if (ContainsKey(key))
        {
            throw new ArgumentException($"An entry '{key}' exists already.", nameof(key));
        }

        Set(key, value);
    }

    public bool Remove(string key)
    {
        ArgumentNullException.ThrowIfNull(key);
        if (_dictionary is not null)
        {
            return _dictionary.Remove(key);
        }

        var index = IndexOf(key);
        if (index < 0)
        {
            return false;
        }

        for (var i = index; i < _count - 1; i++)
        {
            Put(i, At(i + 1));
        }

        Put(--_count, default);
        return true;
    }

    /// <summary>The entries, in order of insertion until the map turns into a dictionary; a struct, so a foreach allocates nothing.</summary>
    public Enumerator GetEnumerator() => new(this);

    IEnumerator<KeyValuePair<string, TValue>> IEnumerable<KeyValuePair<string, TValue>>.GetEnumerator() => GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    /// <summary>Walks a map's entries (the dictionary's enumerator once the map is one).</summary>
    public struct Enumerator : IEnumerator<KeyValuePair<string, TValue>>
    {
        private readonly SmallMap<TValue> _map;
        private readonly bool _hashed;
        private Dictionary<string, TValue>.Enumerator _entries;
        private int _index;

        internal Enumerator(SmallMap<TValue> map)
        {
            _map = map;
            _hashed = map._dictionary is not null;
            _entries = _hashed ? map._dictionary!.GetEnumerator() : default;
            _index = -1;
        }

        public readonly KeyValuePair<string, TValue> Current => _hashed ? _entries.Current : _map.At(_index);

        readonly object IEnumerator.Current => Current;

        public bool MoveNext() => _hashed ? _entries.MoveNext() : ++_index < _map._count;

        public void Reset() => throw new NotSupportedException();

        public readonly void Dispose()
        {
        }
    }

    private void Set(string key, TValue value)
    {
        ArgumentNullException.ThrowIfNull(key);
        if (_dictionary is not null)
        {
            _dictionary[key] = value;
            return;
        }

        var index = IndexOf(key);
        if (index >= 0)
        {
            Put(index, new(key, value));
            return;
        }

        if (_count == ArrayLimit)
        {
            _dictionary = new Dictionary<string, TValue>(_count + 1, StringComparer.Ordinal);
            for (var i = 0; i < _count; i++)
            {
                var (k, v) = At(i);
                _dictionary[k] = v;
            }

            _dictionary[key] = value;
            (_firstKey, _firstValue, _rest, _count) = (null, default!, [], 0);
            return;
        }

        if (_count > 0 && _count - 1 == _rest.Length)
        {
            Array.Resize(ref _rest, Math.Min(ArrayLimit - 1, Math.Max(1, _rest.Length * 2)));
        }

        Put(_count++, new(key, value));
    }

    private KeyValuePair<string, TValue> At(int index) => index == 0 ? new(_firstKey!, _firstValue) : _rest[index - 1];

    private void Put(int index, KeyValuePair<string, TValue> entry)
    {
        if (index == 0)
        {
            (_firstKey, _firstValue) = (entry.Key, entry.Value);
        }
        else
        {
            _rest[index - 1] = entry;
        }
    }

    private int IndexOf(string key)
    {
        if (_count == 0)
        {
            return -1;
        }

        if (string.Equals(_firstKey, key, StringComparison.Ordinal))
        {
            return 0;
        }

        for (var i = 1; i < _count; i++)
        {
            if (string.Equals(_rest[i - 1].Key, key, StringComparison.Ordinal))
            {
                return i;
            }
        }

        return -1;
    }
}

/// <summary>Reads and writes a <see cref="SmallMap{TValue}"/> as a JSON object, the form a dictionary has.</summary>
public sealed class SmallMapConverterFactory : JsonConverterFactory
{
    public override bool CanConvert(Type typeToConvert) =>
        typeToConvert.IsGenericType && typeToConvert.GetGenericTypeDefinition() == typeof(SmallMap<>);

    public override JsonConverter CreateConverter(Type typeToConvert, JsonSerializerOptions options) =>
        (JsonConverter)Activator.CreateInstance(typeof(SmallMapConverter<>).MakeGenericType(typeToConvert.GetGenericArguments()[0]))!;

    private sealed class SmallMapConverter<TValue> : JsonConverter<SmallMap<TValue>>
    {
        public override SmallMap<TValue> Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
        {
            if (reader.TokenType != JsonTokenType.StartObject)
            {
                throw new JsonException($"A map is a JSON object, not {reader.TokenType}.");
            }

            var map = new SmallMap<TValue>();
            while (reader.Read() && reader.TokenType != JsonTokenType.EndObject)
            {
                var key = reader.GetString()!;
                reader.Read();
                map[key] = JsonSerializer.Deserialize<TValue>(ref reader, options)!;
            }

            return map;
        }

        public override void Write(Utf8JsonWriter writer, SmallMap<TValue> value, JsonSerializerOptions options)
        {
            writer.WriteStartObject();
            foreach (var (key, entry) in value)
            {
                writer.WritePropertyName(key);
                JsonSerializer.Serialize(writer, entry, options);
            }

            writer.WriteEndObject();
        }
    }
}
