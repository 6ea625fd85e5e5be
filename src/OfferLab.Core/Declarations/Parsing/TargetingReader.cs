using System.Globalization;

namespace OfferLab.Core.Declarations.Parsing;

/// <summary>Reads <c>trigger</c> and <c>audience</c>: who the offer is for.</summary>
internal static class TargetingReader
{
    public static Trigger Trigger(NodeReader r, YamlNode? node)
    {
        if (r.Mapping(node, "trigger", DeclarationKeys.Trigger) is not { } keys)
        {
            return Declarations.Trigger.Default;
        }

        return new Trigger(Names(r, ExperimentReader.Get(keys, "categories"), "trigger.categories"), Names(r, ExperimentReader.Get(keys, "skus"), "trigger.skus"));
    }

    public static Audience Audience(NodeReader r, YamlNode? node)
    {
        if (r.Mapping(node, "audience", DeclarationKeys.Audience) is not { } keys)
        {
            return Declarations.Audience.Default;
        }

        var traffic = 1.0;
        if (ExperimentReader.Get(keys, "traffic") is { } t && r.Number(t, "audience.traffic") is { } value)
        {
            if (value is <= 0 or > 1)
            {
                r.Error(t, "audience.traffic", $"must be in (0, 1]; got {NodeReader.Show(value)}");
            }

            traffic = value;
        }

        var rules = new List<AudienceRule>();
        if (ExperimentReader.Get(keys, "rules") is { } rulesNode && r.List(rulesNode, "audience.rules") is { } list)
        {
            for (var i = 0; i < list.Items.Count; i++)
            {
                if (Rule(r, list.Items[i], $"audience.rules[{i}]") is { } rule)
                {
                    rules.Add(rule);
                }
            }
        }

        return new Audience(new ValueList<AudienceRule>(rules), traffic);
    }

    private static AudienceRule? Rule(NodeReader r, YamlNode node, string path)
    {
        if (r.Mapping(node, path, DeclarationKeys.AudienceRule) is not { } keys)
        {
            return null;
        }

        var attribute = ExperimentReader.Get(keys, "attribute") is { } a ? r.Text(a, path + ".attribute") : null;
        var operators = keys.Keys.Where(k => k != "attribute").ToList();
        if (operators.Count != 1)
        {
            r.Error(node, path, operators.Count == 0
                ? $"needs one operator: {string.Join(", ", EnumNames.All<AudienceOperator>())}"
                : $"has {operators.Count} operators ({string.Join(", ", operators)}); write one rule per operator");
            return null;
        }

        if (!EnumNames.TryParse<AudienceOperator>(operators[0], out var op))
        {
            return null; // Unknown keys were already reported by Mapping.
        }

        var valuePath = $"{path}.{operators[0]}";
        var valueNode = keys[operators[0]];
        IReadOnlyList<string>? values = op switch
        {
            AudienceOperator.In or AudienceOperator.NotIn => ValueList(r, valueNode, valuePath),
            AudienceOperator.Eq => Value(r, valueNode, valuePath) is { } v ? [v] : null,
            _ => r.Number(valueNode, valuePath) is { } n ? [n.ToString("R", CultureInfo.InvariantCulture)] : null,
        };
        return attribute is null || values is null ? null : new AudienceRule(attribute, op, new ValueList<string>(values));
    }

    private static List<string>? ValueList(NodeReader r, YamlNode node, string path)
    {
        if (r.List(node, path) is not { } list)
        {
            return null;
        }

        if (list.Items.Count == 0)
        {
            r.Error(list, path, "must list at least one value");
            return null;
        }

        var values = list.Items.Select((item, i) => Value(r, item, $"{path}[{i}]")).ToList();
        return values.Contains(null) ? null : [.. values.OfType<string>()];
    }

    // Attribute values are compared as text (numbers numerically), so strings and numbers are both fine here.
    private static string? Value(NodeReader r, YamlNode node, string path)
    {
        if (node is YamlScalar s && ScalarKinds.Of(s) == ScalarKind.Number)
        {
            return r.Number(node, path) is { } n ? n.ToString("R", CultureInfo.InvariantCulture) : null;
        }

        return r.Text(node, path);
    }

    private static ValueList<string> Names(NodeReader r, YamlNode? node, string path)
    {
        if (node is null || r.List(node, path) is not { } list)
        {
            return ValueList<string>.Empty;
        }

        var names = new List<string>();
        for (var i = 0; i < list.Items.Count; i++)
        {
            if (r.Text(list.Items[i], $"{path}[{i}]") is not { } name)
            {
                continue;
            }

            if (names.Contains(name))
            {
                r.Error(list.Items[i], $"{path}[{i}]", $"'{name}' is listed twice");
                continue;
            }

            names.Add(name);
        }

        return new ValueList<string>(names);
    }
}
