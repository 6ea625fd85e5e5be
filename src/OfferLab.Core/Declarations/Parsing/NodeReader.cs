using System.Globalization;

namespace OfferLab.Core.Declarations.Parsing;

/// <summary>
/// Reads typed values out of the node tree, adding one positioned error per problem and returning null for a
/// value it could not read, so that reading goes on and every error of the file is reported.
/// </summary>
internal sealed class NodeReader(string file)
{
    public string File { get; } = file;

    public List<DeclarationError> Errors { get; } = [];

    public Dictionary<string, (int Line, int Column)> Positions { get; } = new(StringComparer.Ordinal);

    public static string Child(string path, string key) => path.Length == 0 ? key : $"{path}.{key}";

    public void Error(YamlNode at, string path, string message) =>
        Errors.Add(new DeclarationError(File, at.Line, at.Column, path, message));

    /// <summary>The entries of a mapping, checked against <paramref name="spec"/>; null when absent or not a mapping.</summary>
    public IReadOnlyDictionary<string, YamlNode>? Mapping(YamlNode? node, string path, MappingSpec spec)
    {
        if (node is null || !Expect<YamlMapping>(node, path, "a mapping", out var mapping))
        {
            return null;
        }

        var entries = new Dictionary<string, YamlNode>(StringComparer.Ordinal);
        foreach (var (key, value) in mapping.Entries)
        {
            if (spec.Find(key.Value) is null)
            {
                Error(key, Child(path, key.Value), UnknownKey(key.Value, spec));
                continue;
            }

            entries[key.Value] = value;
            Positions[Child(path, key.Value)] = (value.Line, value.Column);
        }

        foreach (var required in spec.Keys.Where(k => k.Required && !entries.ContainsKey(k.Name)))
        {
            Error(mapping, Child(path, required.Name), $"missing required key '{required.Name}'");
        }

        return entries;
    }

    public YamlSequence? List(YamlNode node, string path) => Expect<YamlSequence>(node, path, "a list", out var list) ? list : null;

    public string? Text(YamlNode node, string path)
    {
        if (!Scalar(node, path, ScalarKind.String, "a string", out var scalar))
        {
            return null;
        }

        if (string.IsNullOrWhiteSpace(scalar.Value))
        {
            Error(node, path, "must not be empty");
            return null;
        }

        return scalar.Value;
    }

    public double? Number(YamlNode node, string path)
    {
        if (!Scalar(node, path, ScalarKind.Number, "a number", out var scalar))
        {
            return null;
        }

        var value = ScalarKinds.Number(scalar.Value);
        if (!double.IsFinite(value))
        {
            Error(node, path, "must be a finite number");
            return null;
        }

        return value;
    }

    public int? Integer(YamlNode node, string path, int min, int max)
    {
        if (Number(node, path) is not { } value)
        {
            return null;
        }

        if (value != Math.Floor(value) || value < min || value > max)
        {
            Error(node, path, string.Create(CultureInfo.InvariantCulture, $"must be a whole number from {min:N0} to {max:N0}; got {Show(value)}"));
            return null;
        }

        return (int)value;
    }

    public bool? Boolean(YamlNode node, string path) =>
        Scalar(node, path, ScalarKind.Boolean, "true or false", out var scalar) ? scalar.Value.Equals("true", StringComparison.OrdinalIgnoreCase) : null;

    public TimeSpan? Duration(YamlNode node, string path, TimeSpan min, TimeSpan max)
    {
        const string Expected = "a duration such as 90s, 10m, 24h or 30d";
        if (node is YamlScalar { IsPlain: true } plain && ScalarKinds.Of(plain) == ScalarKind.Number)
        {
            Error(node, path, $"expected {Expected}, found a number without a unit");
            return null;
        }

        if (!Scalar(node, path, ScalarKind.String, Expected, out var scalar))
        {
            return null;
        }

        if (!Declarations.Duration.TryParse(scalar.Value, out var value))
        {
            Error(node, path, $"'{scalar.Value}' is not {Expected}");
            return null;
        }

        if (value < min || value > max)
        {
            Error(node, path, $"must be from {Declarations.Duration.Format(min)} to {Declarations.Duration.Format(max)}; got {scalar.Value}");
            return null;
        }

        return value;
    }

    public TEnum? Choice<TEnum>(YamlNode node, string path)
        where TEnum : struct, Enum
    {
        var names = string.Join(", ", EnumNames.All<TEnum>());
        if (!Scalar(node, path, ScalarKind.String, "one of: " + names, out var scalar))
        {
            return null;
        }

        if (EnumNames.TryParse<TEnum>(scalar.Value, out var value))
        {
            return value;
        }

        Error(node, path, $"unknown value '{scalar.Value}'; expected one of: {names}");
        return null;
    }

    public static string Show(double value) => value.ToString("0.############", CultureInfo.InvariantCulture);

    private bool Scalar(YamlNode node, string path, ScalarKind kind, string expected, out YamlScalar scalar)
    {
        scalar = null!;
        if (node is YamlPoison)
        {
            return false;
        }

        if (node is not YamlScalar s || ScalarKinds.Of(s) != kind)
        {
            Error(node, path, $"expected {expected}, found {ScalarKinds.Describe(node)}");
            return false;
        }

        scalar = s;
        return true;
    }

    private bool Expect<T>(YamlNode node, string path, string expected, out T typed)
        where T : YamlNode
    {
        typed = null!;
        if (node is T t)
        {
            typed = t;
            return true;
        }

        if (node is not YamlPoison)
        {
            Error(node, path, $"expected {expected}, found {ScalarKinds.Describe(node)}");
        }

        return false;
    }

    private static string UnknownKey(string key, MappingSpec spec)
    {
        var near = spec.Keys.Select(k => k.Name).Where(k => Distance.Levenshtein(k, key) <= (key.Length >= 5 ? 2 : 1)).FirstOrDefault();
        return near is not null
            ? $"unknown key '{key}' (did you mean '{near}'?)"
            : $"unknown key '{key}'; expected one of: {string.Join(", ", spec.Keys.Select(k => k.Name))}";
    }
}
