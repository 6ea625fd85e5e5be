using System.Text.RegularExpressions;

namespace OfferLab.Core.Declarations.Parsing;

/// <summary>Reads the top level of a declaration and runs the checks that span sections.</summary>
internal static partial class ExperimentReader
{
    public static ExperimentDeclaration? Read(NodeReader r, YamlNode root)
    {
        if (root is not YamlMapping)
        {
            r.Error(root, DeclarationError.FilePath, $"expected a mapping of keys (apiVersion, id, name, ...), found {ScalarKinds.Describe(root)}");
            return null;
        }

        var keys = r.Mapping(root, "", DeclarationKeys.Root)!;
        var apiVersion = Get(keys, "apiVersion") is { } api ? r.Text(api, "apiVersion") : null;
        if (apiVersion is not null && apiVersion != ExperimentDeclaration.CurrentApiVersion)
        {
            r.Error(keys["apiVersion"], "apiVersion", $"unsupported apiVersion '{apiVersion}'; expected '{ExperimentDeclaration.CurrentApiVersion}'");
        }

        var id = Get(keys, "id") is { } idNode ? r.Text(idNode, "id") : null;
        if (id is not null && !IdPattern().IsMatch(id))
        {
            r.Error(keys["id"], "id", $"'{id}' is not a valid id: 2 to 63 characters, lowercase letters, digits and '-', starting with a letter or digit");
            id = null;
        }

        var name = Get(keys, "name") is { } nameNode ? Bounded(r, nameNode, "name", 200) : null;
        var description = Get(keys, "description") is { } d ? Bounded(r, d, "description", 4000) : "";
        var owner = Get(keys, "owner") is { } o ? Bounded(r, o, "owner", 200) : "";
        var placement = Get(keys, "placement") is { } p ? r.Choice<Placement>(p, "placement") : null;
        var variants = Get(keys, "variants") is { } v ? VariantsReader.Read(r, v) : null;
        var variantIds = variants?.Select(x => x.Id).ToList();
        var declaration = new ExperimentDeclaration
        {
            Id = id ?? "",
            Name = name ?? "",
            Description = description ?? "",
            Owner = owner ?? "",
            Placement = placement ?? default,
            Trigger = TargetingReader.Trigger(r, Get(keys, "trigger")),
            Audience = TargetingReader.Audience(r, Get(keys, "audience")),
            Variants = variants ?? ValueList<Variant>.Empty,
            Metric = SettingsReader.Metric(r, Get(keys, "metric")),
            Allocation = AllocationReader.Read(r, Get(keys, "allocation"), variantIds),
            Stopping = SettingsReader.Stopping(r, Get(keys, "stopping")),
            Caps = SettingsReader.Caps(r, Get(keys, "caps")),
            Schedule = SettingsReader.Schedule(r, Get(keys, "schedule")),
        };
        return declaration;
    }

    public static YamlNode? Get(IReadOnlyDictionary<string, YamlNode>? keys, string key) =>
        keys is not null && keys.TryGetValue(key, out var node) ? node : null;

    public static string? Bounded(NodeReader r, YamlNode node, string path, int maxLength)
    {
        var text = r.Text(node, path);
        if (text is not null && text.Length > maxLength)
        {
            r.Error(node, path, $"must be at most {maxLength} characters; got {text.Length}");
            return null;
        }

        return text;
    }

    [GeneratedRegex("^[a-z0-9][a-z0-9-]{1,62}$", RegexOptions.CultureInvariant)]
    private static partial Regex IdPattern();
}
