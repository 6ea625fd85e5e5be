namespace OfferLab.Core.Declarations.Parsing;

/// <summary>A node of the loaded document with its 1-based position. Our own tree: no aliases, bounded depth.</summary>
internal abstract class YamlNode(long line, long column)
{
    public int Line { get; } = (int)line;

    public int Column { get; } = (int)column;
}

/// <summary>A scalar; <see cref="IsPlain"/> is false for quoted and block scalars, which are always strings.</summary>
internal sealed class YamlScalar(long line, long column, string value, bool isPlain) : YamlNode(line, column)
{
    public string Value { get; } = value;

    public bool IsPlain { get; } = isPlain;
}

internal sealed class YamlMapping(long line, long column) : YamlNode(line, column)
{
    public List<KeyValuePair<YamlScalar, YamlNode>> Entries { get; } = [];
}

internal sealed class YamlSequence(long line, long column) : YamlNode(line, column)
{
    public List<YamlNode> Items { get; } = [];
}

/// <summary>A node already reported as an error (an alias): validation skips it rather than piling up messages.</summary>
internal sealed class YamlPoison(long line, long column) : YamlNode(line, column);
