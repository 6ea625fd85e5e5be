using System.Text.RegularExpressions;
using YamlDotNet.Core;
using YamlDotNet.Core.Events;

namespace OfferLab.Core.Declarations.Parsing;

/// <summary>
/// Turns YAML (or JSON) text into a <see cref="YamlNode"/> tree from YamlDotNet's event stream, without
/// recursion and without resolving aliases, refusing anchors, aliases, tags, duplicate keys, non-scalar keys,
/// a second document and nesting past <see cref="DeclarationLimits.MaxDepth"/>. Never throws: YamlDotNet's
/// syntax errors become positioned errors.
/// </summary>
internal static partial class DocumentLoader
{
    public static YamlNode? Load(string text, string file, List<DeclarationError> errors)
    {
        var builder = new TreeBuilder(file, errors);
        var scanner = new Scanner(new StringReader(text));
        try
        {
            var parser = new Parser(scanner);
            var documents = 0;
            while (parser.MoveNext())
            {
                var current = parser.Current!;
                if (current is DocumentStart && ++documents > 1)
                {
                    errors.Add(new DeclarationError(file, (int)current.Start.Line, (int)current.Start.Column, DeclarationError.FilePath,
                        "a second document; a file declares exactly one experiment"));
                    return null;
                }

                if (!builder.Accept(current))
                {
                    return null;
                }
            }
        }
        catch (YamlException e)
        {
            errors.Add(new DeclarationError(file, (int)e.Start.Line, (int)e.Start.Column, DeclarationError.FilePath, "not valid YAML: " + Clean(e.Message)));
            return null;
        }
        catch (Exception e) when (e is ArgumentException or InvalidOperationException or FormatException or OverflowException)
        {
            // YamlDotNet is not expected to throw these, but it does (a plain scalar at the start of a line inside an
            // unclosed '[' or '{' throws InvalidOperationException from its scanner), and a declaration must never take
            // the caller down. Where its scanner stopped is where the reader should look.
            var at = scanner.CurrentPosition;
            var reason = e is InvalidOperationException ? "cannot read on from here; is a '[' or '{' before it left open?" : "cannot read on from here: " + e.Message;
            errors.Add(new DeclarationError(file, Math.Max(1, (int)at.Line), Math.Max(1, (int)at.Column), DeclarationError.FilePath, "not valid YAML: " + reason));
            return null;
        }

        return builder.Root;
    }

    // YamlDotNet prefixes messages with "(Line: 3, Col: 5, Idx: 20) - (Line: ...): "; we give the position ourselves.
    private static string Clean(string message)
    {
        var text = PositionPrefix().Replace(message, "").Trim();
        text = text.Length > 0 ? char.ToLowerInvariant(text[0]) + text[1..] : "syntax error";
        return text.TrimEnd('.');
    }

    [GeneratedRegex(@"^\(Line: \d+, Col: \d+, Idx: \d+\) - \(Line: \d+, Col: \d+, Idx: \d+\): ", RegexOptions.CultureInvariant)]
    private static partial Regex PositionPrefix();
}
