using YamlDotNet.Core.Events;

namespace OfferLab.Core.Declarations.Parsing;

/// <summary>Builds the node tree event by event with an explicit stack (no recursion, so depth cannot overflow it).</summary>
internal sealed class TreeBuilder(string file, List<DeclarationError> errors)
{
    private readonly Stack<Frame> _stack = new();
    private readonly HashSet<string> _anchors = new(StringComparer.Ordinal);

    public YamlNode? Root { get; private set; }

    /// <summary>Takes one event; false when the document must not be read further.</summary>
    public bool Accept(ParsingEvent current)
    {
        switch (current)
        {
            case MappingStart or SequenceStart when _stack.Count >= DeclarationLimits.MaxDepth:
                Error(current, ChildPath(), $"nested deeper than {DeclarationLimits.MaxDepth} levels; a declaration needs at most 4");
                return false;
            case MappingStart start:
                Check(start);
                _stack.Push(new Frame(new YamlMapping(start.Start.Line, start.Start.Column), ChildPath()));
                return true;
            case SequenceStart start:
                Check(start);
                _stack.Push(new Frame(new YamlSequence(start.Start.Line, start.Start.Column), ChildPath()));
                return true;
            case MappingEnd or SequenceEnd:
                Attach(_stack.Pop().Node);
                return true;
            case Scalar scalar:
                Check(scalar);
                Attach(new YamlScalar(scalar.Start.Line, scalar.Start.Column, scalar.Value, scalar.Style is YamlDotNet.Core.ScalarStyle.Plain));
                return true;
            case AnchorAlias alias:
                // The anchor was reported where it was set; repeating it at every use would bury other errors.
                if (!_anchors.Contains(alias.Value.Value))
                {
                    Error(alias, ChildPath(), $"aliases (*{alias.Value}) are not allowed; write the value out");
                }

                Attach(new YamlPoison(alias.Start.Line, alias.Start.Column));
                return true;
            default:
                return true;
        }
    }

    private void Check(NodeEvent node)
    {
        if (!node.Anchor.IsEmpty)
        {
            _anchors.Add(node.Anchor.Value);
            Error(node, ChildPath(), $"anchors (&{node.Anchor.Value}) are not allowed; write the value out");
        }

        if (!node.Tag.IsEmpty && !node.Tag.IsNonSpecific)
        {
            Error(node, ChildPath(), $"tags ({node.Tag.Value}) are not allowed");
        }
    }

    private void Attach(YamlNode node)
    {
        if (_stack.Count == 0)
        {
            Root = node;
            return;
        }

        var frame = _stack.Peek();
        if (frame.Node is YamlSequence sequence)
        {
            sequence.Items.Add(node);
        }
        else if (frame.Key is not null || frame.DropValue)
        {
            if (!frame.DropValue)
            {
                ((YamlMapping)frame.Node).Entries.Add(new(frame.Key!, node));
            }

            frame.Key = null;
            frame.DropValue = false;
        }
        else if (node is YamlScalar key)
        {
            if (frame.Seen.TryGetValue(key.Value, out var firstLine))
            {
                Error(key.Line, key.Column, Join(frame.Path, key.Value), $"duplicate key '{key.Value}' (first set on line {firstLine})");
                frame.DropValue = true;
            }
            else
            {
                frame.Seen[key.Value] = key.Line;
                frame.Key = key;
            }
        }
        else
        {
            Error(node.Line, node.Column, frame.Path.Length == 0 ? DeclarationError.FilePath : frame.Path, "keys must be plain names, not lists or mappings");
            frame.DropValue = true;
        }
    }

    private string ChildPath()
    {
        if (_stack.Count == 0)
        {
            return DeclarationError.FilePath;
        }

        var frame = _stack.Peek();
        return frame.Node switch
        {
            YamlSequence s => $"{frame.Path}[{s.Items.Count}]",
            _ when frame.Key is not null => Join(frame.Path, frame.Key.Value),
            _ => frame.Path.Length == 0 ? DeclarationError.FilePath : frame.Path,
        };
    }

    private static string Join(string path, string key) => path.Length == 0 || path == DeclarationError.FilePath ? key : $"{path}.{key}";

    private void Error(ParsingEvent at, string path, string message) => Error(at.Start.Line, at.Start.Column, path, message);

    private void Error(long line, long column, string path, string message) =>
        errors.Add(new DeclarationError(file, (int)line, (int)column, path, message));

    private sealed class Frame(YamlNode node, string path)
    {
        public YamlNode Node { get; } = node;

        public string Path { get; } = path == DeclarationError.FilePath ? "" : path;

        public YamlScalar? Key { get; set; }

        public bool DropValue { get; set; }

        public Dictionary<string, int> Seen { get; } = new(StringComparer.Ordinal);
    }
}
