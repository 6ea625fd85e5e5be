using System.Text.Json;
using OfferLab.Grains.Customers;

namespace OfferLab.Grains.Tests.CustomerGrains;

public sealed class SmallMapTests
{
    private static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.General);

    [Theory]
    [InlineData(1)]
    [InlineData(7)]
    [InlineData(42)]
    public void Random_sets_and_removes_leave_the_same_entries_as_a_dictionary(int seed)
    {
        var random = new Random(seed);
        var map = new SmallMap<int>();
        var model = new Dictionary<string, int>(StringComparer.Ordinal);

        // Keys from a pool of 20, so the map keeps crossing the array limit both ways.
        for (var step = 0; step < 5_000; step++)
        {
            var key = "k" + random.Next(20);
            if (random.Next(3) == 0)
            {
                Assert.Equal(model.Remove(key), map.Remove(key));
            }
            else
            {
                model[key] = map[key] = random.Next();
            }

            Assert.Equal(model.Count, map.Count);
            Assert.Equal(model.OrderBy(e => e.Key, StringComparer.Ordinal), map.OrderBy(e => e.Key, StringComparer.Ordinal));
            Assert.Equal(model.OrderBy(e => e.Key, StringComparer.Ordinal), Walk(map).OrderBy(e => e.Key, StringComparer.Ordinal));
            var probe = "k" + random.Next(25);
            Assert.Equal(model.TryGetValue(probe, out var expected), map.TryGetValue(probe, out var actual));
            Assert.Equal(expected, actual);
        }
    }

    [Fact]
    public void Keys_are_ordinal_and_kept_in_insertion_order_below_the_limit()
    {
        var map = new SmallMap<string> { ["b"] = "1", ["a"] = "2", ["B"] = "3", ["é"] = "4" };

        map["a"] = "5";
        map.Remove("b");

        Assert.Equal(["a", "B", "é"], map.Select(e => e.Key));
        Assert.Equal("5", map["a"]);
        Assert.False(map.ContainsKey("A"));
        Assert.Throws<KeyNotFoundException>(() => map["missing"]);
        Assert.Throws<ArgumentException>(() => map.Add("a", "6"));
    }

    [Fact]
    public void Its_json_is_a_dictionary_s_json_both_ways()
    {
        var dictionary = Enumerable.Range(0, 12).ToDictionary(i => $"key \"{i}\" 東", i => new DateOnly(2026, 12, 1).AddDays(i));
        var json = JsonSerializer.Serialize(dictionary, Options);

        var map = JsonSerializer.Deserialize<SmallMap<DateOnly>>(json, Options)!;

        Assert.Equal(12, map.Count);
        Assert.Equal(json, JsonSerializer.Serialize(map, Options));
        Assert.Equal("{}", JsonSerializer.Serialize(new SmallMap<int>(), Options));
        Assert.Throws<JsonException>(() => JsonSerializer.Deserialize<SmallMap<int>>("[1,2]", Options));
    }

    // The map's own (struct) enumerator, as a foreach takes it; LINQ goes through the interface.
    private static List<KeyValuePair<string, int>> Walk(SmallMap<int> map)
    {
        var entries = new List<KeyValuePair<string, int>>();
        foreach (var entry in map)
        {
            entries.Add(entry);
        }

        return entries;
    }
}
