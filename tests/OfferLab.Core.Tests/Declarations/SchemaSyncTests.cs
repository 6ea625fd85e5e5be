using System.Text.Json;
using System.Text.Json.Nodes;
using OfferLab.Core.Declarations.Parsing;
using OfferLab.Testing;

namespace OfferLab.Core.Tests.Declarations;

/// <summary>
/// <c>experiments/schema.json</c> (what editors complete from) and the parser's key catalog agree both ways:
/// the same mappings, keys, required keys, allowed names and defaults.
/// </summary>
public sealed class SchemaSyncTests
{
    private static readonly JsonObject Schema =
        JsonNode.Parse(File.ReadAllText(Path.Combine(RepositoryPaths.Root, "experiments", "schema.json")))!.AsObject();

    private static Dictionary<string, JsonObject> SchemaMappings()
    {
        var found = new Dictionary<string, JsonObject>(StringComparer.Ordinal);
        var pending = new Stack<(JsonObject Node, string Location)>([(Schema, "")]);
        while (pending.Count > 0)
        {
            var (node, location) = pending.Pop();
            if (node["properties"] is not JsonObject properties)
            {
                continue;
            }

            found[location] = node;
            foreach (var (name, value) in properties)
            {
                var child = value!.AsObject();
                var path = location.Length == 0 ? name : $"{location}.{name}";
                if (child["items"] is JsonObject items)
                {
                    pending.Push((items, path + "[]"));
                }

                foreach (var option in child["anyOf"]?.AsArray() ?? [])
                {
                    pending.Push((option!.AsObject(), path));
                }

                if (name != "weights")
                {
                    pending.Push((child, path));
                }
            }
        }

        return found;
    }

    [Fact]
    public void Schema_and_parser_know_the_same_mappings()
    {
        Assert.Equal(DeclarationKeys.All.Select(m => m.Location).Order(), SchemaMappings().Keys.Order());
    }

    public static TheoryData<string> Locations() => new(DeclarationKeys.All.Select(m => m.Location));

    [Theory]
    [MemberData(nameof(Locations))]
    public void Keys_required_keys_choices_and_defaults_agree(string location)
    {
        var spec = DeclarationKeys.All.Single(m => m.Location == location);
        var schema = SchemaMappings()[location];
        var properties = schema["properties"]!.AsObject();

        Assert.Equal(spec.Keys.Select(k => k.Name).Order(), properties.Select(p => p.Key).Order());
        Assert.Equal(spec.Keys.Where(k => k.Required).Select(k => k.Name).Order(),
            (schema["required"]?.AsArray() ?? []).Select(n => n!.GetValue<string>()).Order());
        Assert.False(schema["additionalProperties"]!.GetValue<bool>());
        foreach (var key in spec.Keys)
        {
            var property = properties[key.Name]!.AsObject();
            Assert.Equal(key.Choices?.ToArray() ?? [], property["enum"]?.AsArray().Select(n => n!.GetValue<string>()).ToArray() ?? []);
            Assert.True(SameJson(key.Default is null ? null : JsonSerializer.SerializeToNode(key.Default), property["default"]),
                $"{location}.{key.Name}: parser default {key.Default ?? "none"}, schema default {property["default"]?.ToJsonString() ?? "none"}");
        }
    }

    private static bool SameJson(JsonNode? a, JsonNode? b) => (a, b) switch
    {
        (null, null) => true,
        (JsonValue x, JsonValue y) when x.GetValueKind() == JsonValueKind.Number && y.GetValueKind() == JsonValueKind.Number =>
            x.GetValue<double>() == y.GetValue<double>(),
        _ => JsonNode.DeepEquals(a, b),
    };
}
