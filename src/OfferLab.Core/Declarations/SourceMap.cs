using System.Collections.Immutable;

namespace OfferLab.Core.Declarations;

/// <summary>
/// Where each key path of a parsed declaration sits in its file, so that later checks (such as refused changes)
/// can point at <c>file:line:col</c>. Positions are not part of a declaration's value: every source map
/// equals every other, so two parses of the same experiment from differently laid-out files are equal.
/// </summary>
public sealed class SourceMap : IEquatable<SourceMap>
{
    private readonly ImmutableDictionary<string, (int Line, int Column)> _positions;

    public SourceMap(string file, IEnumerable<KeyValuePair<string, (int Line, int Column)>> positions)
    {
        File = file;
        _positions = positions.ToImmutableDictionary(StringComparer.Ordinal);
    }

    /// <summary>A map for a declaration built in code: every path is at 1:1 of <c>(code)</c>.</summary>
    public static SourceMap Empty { get; } = new("(code)", []);

    /// <summary>The file name given to the parser.</summary>
    public string File { get; }

    /// <summary>The position of <paramref name="path"/> (e.g. <c>variants[1].offer.price</c>), or of its nearest parent; 1:1 when none is known.</summary>
    public (int Line, int Column) PositionOf(string path)
    {
        for (var p = path; p.Length > 0; p = Parent(p))
        {
            if (_positions.TryGetValue(p, out var position))
            {
                return position;
            }
        }

        return (1, 1);
    }

    /// <summary>An error located at <paramref name="path"/>.</summary>
    public DeclarationError ErrorAt(string path, string message)
    {
        var (line, column) = PositionOf(path);
        return new DeclarationError(File, line, column, path, message);
    }

    public bool Equals(SourceMap? other) => other is not null;

    public override bool Equals(object? obj) => obj is SourceMap;

    public override int GetHashCode() => 0;

    private static string Parent(string path)
    {
        var cut = Math.Max(path.LastIndexOf('.'), path.LastIndexOf('['));
        return cut < 0 ? "" : path[..cut];
    }
}
